using System.Security.Claims;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>Turns a finished draft into a source and dataset through the same use case the admin API
/// uses (its checks and authorisation included), queues the first harvest, and writes the audit log.</summary>
public sealed class SourcePublishing(RegisterSourceHandler registration, OrganisationAccess access, WebDbContext web, AuditLog audit,
    TimeProvider clock)
{
    public async Task<UseCaseResult<RegisteredSource>> PublishAsync(DatasetDraft draft, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var organisationSlug = await access.OrganisationSlugAsync(draft.OrganisationId, ct);
        var frequency = UpdateFrequencies.Find(draft.UpdateFrequency);
        var command = new RegisterSource(
            caller, organisationSlug ?? "",
            Name: draft.Title!.Trim(),
            Location: draft.Location,
            Kind: draft.Kind,
            Schedule: frequency.Cron,
            SpecificationId: draft.SpecificationId,
            Title: draft.Title.Trim(),
            TitleEn: Blank(draft.TitleEn),
            Description: draft.Description?.Trim(),
            Keywords: Split(draft.Keywords),
            Themes: Split(draft.Themes),
            License: draft.License ?? Licenses.Cc0,
            ContactEmail: Blank(draft.ContactEmail),
            ContactPhone: Blank(draft.ContactPhone),
            Enabled: true,
            HarvestNow: true);
        var result = await registration.HandleAsync(command, ct);
        if (!result.Succeeded) return result;

        var registered = result.Value!;
        draft.SourceId = registered.Source.Id;
        draft.Step = DraftStep.Published;
        draft.UpdatedAt = clock.GetUtcNow();
        await web.SaveChangesAsync(ct);
        await audit.RecordAsync(user, registered.Organisation.Id, "dataset.publish", $"{registered.Organisation.Slug}/{registered.Dataset.Slug}",
            $"source {registered.Source.Id}, {(draft.IsUpload ? draft.OriginalFileName : Application.Credentials.CredentialMask.Mask(draft.Location))}", ct);
        return result;
    }

    public static List<string> Split(string? list) =>
        (list ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
