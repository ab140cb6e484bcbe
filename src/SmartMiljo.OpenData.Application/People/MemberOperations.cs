using System.Net.Mail;
using SmartMiljo.OpenData.Application.Access;

namespace SmartMiljo.OpenData.Application.People;

/// <summary>Gives a person (found by e-mail address; else created with the password given, or invited by e-mail
/// when none is) a role in an organisation.</summary>
public sealed record GrantMembership(Caller Caller, string OrganisationSlug, string? Email, string? Role, string? DisplayName = null, string? Password = null);

/// <summary>Ends a person's membership of an organisation.</summary>
public sealed record RevokeMembership(Caller Caller, string OrganisationSlug, Guid UserId);

/// <summary>
/// The members of an organisation: listed by those who may read it, granted and revoked by its
/// administrators (and the instance's); no right is above the organisation administrator's, which they hold.
/// </summary>
public sealed class MemberOperations(ResourceAuthorisation authorisation, IOrganisationPeople people, IInvitations invitations, IAuditTrail audit)
{
    public async Task<UseCaseResult<IReadOnlyList<MemberView>>> ListAsync(Caller caller, string organisationSlug, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(caller, organisationSlug, Permission.Manage, ct);
        if (!access.Granted) return UseCaseResult<IReadOnlyList<MemberView>>.Refused(access, $"organisation '{organisationSlug}'");
        return UseCaseResult<IReadOnlyList<MemberView>>.Done(await people.MembersAsync(access.Resource!.Id, ct));
    }

    public async Task<UseCaseResult<MemberView>> GrantAsync(GrantMembership command, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(command.Caller, command.OrganisationSlug, Permission.Manage, ct);
        if (!access.Granted) return UseCaseResult<MemberView>.Refused(access, $"organisation '{command.OrganisationSlug}'");
        var organisation = access.Resource!;

        var errors = new Dictionary<string, string[]>();
        var email = command.Email?.Trim() ?? "";
        if (!IsEmail(email)) errors["email"] = ["Ange en e-postadress, t.ex. anna@kommun.se. / Give an e-mail address, e.g. anna@kommun.se."];
        if (!MemberRoles.TryParse(command.Role, out var right))
            errors["role"] = [$"Välj en roll: {MemberRoles.Viewer} (läsare), {MemberRoles.Publisher} (publicerare) eller {MemberRoles.Administrator} (organisationens administratör). / " +
                              $"Choose a role: {MemberRoles.Viewer}, {MemberRoles.Publisher} or {MemberRoles.Administrator}."];
        if (errors.Count > 0) return UseCaseResult<MemberView>.Invalid(errors);

        var person = await people.FindOrCreateAsync(email, string.IsNullOrWhiteSpace(command.DisplayName) ? email : command.DisplayName.Trim(),
            command.Password, invitations.CanInvite, ct);
        if (person.UserId is not { } userId) return UseCaseResult<MemberView>.Invalid("password", person.Error!);
        var member = await people.GrantAsync(userId, organisation.Id, right, ct);
        await audit.RecordAsync(new AuditRecord(command.Caller, organisation.Id, "member.grant", email, $"{organisation.Name}: {MemberRoles.NameOf(right)}"), ct);
        if (!person.AwaitsInvitation) return UseCaseResult<MemberView>.Done(member);

        // Granted first, so that a mail server that is down costs only the e-mail: adding her again resends it.
        if (!await invitations.InviteAsync(userId, organisation.Name, command.Caller.Name, ct))
            return UseCaseResult<MemberView>.Invalid("email",
                $"{email} är medlem, men inbjudan kunde inte skickas (e-postservern svarade inte). Lägg till personen igen om en stund för att skicka den på nytt. / " +
                $"{email} is a member, but the invitation could not be sent (the mail server did not answer). Add the person again in a while to resend it.");
        await audit.RecordAsync(new AuditRecord(command.Caller, organisation.Id, "member.invite", email, organisation.Name), ct);
        return UseCaseResult<MemberView>.Done(member);
    }

    public async Task<UseCaseResult<MemberView>> RevokeAsync(RevokeMembership command, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(command.Caller, command.OrganisationSlug, Permission.Manage, ct);
        if (!access.Granted) return UseCaseResult<MemberView>.Refused(access, $"organisation '{command.OrganisationSlug}'");
        var organisation = access.Resource!;
        var member = (await people.MembersAsync(organisation.Id, ct)).FirstOrDefault(m => m.UserId == command.UserId);
        if (member is null || !await people.RevokeAsync(command.UserId, organisation.Id, ct))
            return UseCaseResult<MemberView>.NotFound($"No member {command.UserId} in organisation '{command.OrganisationSlug}'.");
        await audit.RecordAsync(new AuditRecord(command.Caller, organisation.Id, "member.revoke", member.Email, organisation.Name), ct);
        return UseCaseResult<MemberView>.Done(member);
    }

    private static bool IsEmail(string value) =>
        value.Length is > 2 and <= 254 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && !value.Any(char.IsWhiteSpace);
}
