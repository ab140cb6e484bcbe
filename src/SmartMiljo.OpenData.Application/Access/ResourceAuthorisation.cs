using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Access;

/// <summary>
/// The one place that decides whether a caller may read or change a resource: each method loads the
/// resource together with the organisation it belongs to and asks the <see cref="Caller"/>. The admin API
/// and the web reach sources, runs and items only through here.
/// </summary>
public sealed class ResourceAuthorisation(CatalogueDbContext db, SmartMiljo.OpenData.Core.Ports.ISecretProtector secrets)
{
    public async Task<Authorised<Organisation>> OrganisationAsync(Caller caller, string slug, Permission permission, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == slug, ct);
        return Decide(caller, permission, organisation, organisation?.Id);
    }

    public async Task<Authorised<Organisation>> OrganisationAsync(Caller caller, Guid id, Permission permission, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        return Decide(caller, permission, organisation, organisation?.Id);
    }

    /// <summary>The dataset, tracked so a use case may change it.</summary>
    public async Task<Authorised<Dataset>> DatasetAsync(Caller caller, Guid datasetId, Permission permission, CancellationToken ct)
    {
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == datasetId, ct);
        return Decide(caller, permission, dataset, dataset?.OrganisationId);
    }

    /// <summary>The source, tracked so a use case may change it.</summary>
    public async Task<Authorised<HarvestSource>> SourceAsync(Caller caller, Guid sourceId, Permission permission, CancellationToken ct)
    {
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Id == sourceId, ct);
        if (source is not null) await ProtectLegacyCredentialsAsync(source, ct);
        return Decide(caller, permission, source, source?.OrganisationId);
    }

    public async Task<Authorised<HarvestRun>> RunAsync(Caller caller, Guid runId, CancellationToken ct, Permission permission = Permission.Read)
    {
        var run = await db.HarvestRuns.AsNoTracking().Include(r => r.Stages).FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return Authorised<HarvestRun>.NotFound;
        var organisationId = await db.HarvestSources.Where(s => s.Id == run.SourceId).Select(s => (Guid?)s.OrganisationId).FirstOrDefaultAsync(ct);
        return Decide(caller, permission, run, organisationId);
    }

    /// <summary>The organisations whose sources, runs and items the caller may list.</summary>
    public IQueryable<Organisation> ReadableOrganisations(Caller caller)
    {
        var scope = caller.ReadableOrganisations;
        return scope is null ? db.Organisations.AsNoTracking() : db.Organisations.AsNoTracking().Where(o => scope.Contains(o.Id));
    }

    /// <summary>A row written before credentials were protected is protected when it is first read (the
    /// catalogue's interceptor protects every address with a secret it writes).</summary>
    private async Task ProtectLegacyCredentialsAsync(HarvestSource source, CancellationToken ct)
    {
        var location = db.Entry(source).Property(s => s.Location);
        var stored = location.OriginalValue ?? "";
        if (secrets.IsProtected(stored) || !secrets.HoldsSecret(stored)) return;
        location.IsModified = true;
        await db.SaveChangesAsync(ct);
    }

    private static Authorised<T> Decide<T>(Caller caller, Permission permission, T? resource, Guid? organisationId) where T : class
    {
        if (resource is null || organisationId is null) return Authorised<T>.NotFound;
        return caller.May(permission, organisationId.Value) ? Authorised<T>.Grant(resource) : Authorised<T>.Forbidden;
    }
}
