using SmartMiljo.OpenData.Application.Access;

namespace SmartMiljo.OpenData.Application.People;

/// <summary>A new API key and its secret, which is shown this once.</summary>
public sealed record IssuedApiKey(ApiKeyView Key, string Secret);

/// <summary>
/// An organisation's API keys: its publishers list, create and revoke them (a key acts as the organisation's
/// administrator would, so a key is no more than a publisher of the organisation can already reach).
/// </summary>
public sealed class ApiKeyOperations(ResourceAuthorisation authorisation, IOrganisationKeys keys, IAuditTrail audit)
{
    public async Task<UseCaseResult<IReadOnlyList<ApiKeyView>>> ListAsync(Caller caller, string organisationSlug, bool includeRevoked, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(caller, organisationSlug, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<IReadOnlyList<ApiKeyView>>.Refused(access, $"organisation '{organisationSlug}'");
        return UseCaseResult<IReadOnlyList<ApiKeyView>>.Done(await keys.ListAsync(access.Resource!.Id, includeRevoked, ct));
    }

    public async Task<UseCaseResult<IssuedApiKey>> IssueAsync(Caller caller, string organisationSlug, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(caller, organisationSlug, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<IssuedApiKey>.Refused(access, $"organisation '{organisationSlug}'");
        var organisation = access.Resource!;
        var (key, secret) = await keys.IssueAsync(organisation.Id, caller.Name, ct);
        await audit.RecordAsync(new AuditRecord(caller, organisation.Id, "apikey.create", key.Prefix, organisation.Name), ct);
        return UseCaseResult<IssuedApiKey>.Done(new IssuedApiKey(key, secret));
    }

    public async Task<UseCaseResult<ApiKeyView>> RevokeAsync(Caller caller, string organisationSlug, Guid keyId, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(caller, organisationSlug, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<ApiKeyView>.Refused(access, $"organisation '{organisationSlug}'");
        var organisation = access.Resource!;
        var revoked = await keys.RevokeAsync(organisation.Id, keyId, ct);
        if (revoked is null) return UseCaseResult<ApiKeyView>.NotFound($"No active key {keyId} in organisation '{organisationSlug}'.");
        await audit.RecordAsync(new AuditRecord(caller, organisation.Id, "apikey.revoke", revoked.Prefix, organisation.Name), ct);
        return UseCaseResult<ApiKeyView>.Done(revoked);
    }
}
