using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Sources;

/// <summary>A source as its organisation's publishers see it: the address masked. A catalogue source has no dataset of its own (null slug).</summary>
public sealed record SourceView(HarvestSource Source, string? DatasetSlug, string OrganisationSlug)
{
    public string MaskedLocation => Credentials.CredentialMask.Mask(Source.Location);
}

/// <summary>The admin reads, each limited to what the caller may read.</summary>
public sealed class SourceQueries(CatalogueDbContext db, ResourceAuthorisation authorisation)
{
    public async Task<IReadOnlyList<Organisation>> OrganisationsAsync(Caller caller, CancellationToken ct) =>
        await authorisation.ReadableOrganisations(caller).OrderBy(o => o.Slug).ToListAsync(ct);

    public async Task<IReadOnlyList<SourceView>> SourcesAsync(Caller caller, string? organisationSlug, CancellationToken ct)
    {
        var query = from s in db.HarvestSources.AsNoTracking()
                    join o in authorisation.ReadableOrganisations(caller) on s.OrganisationId equals o.Id
                    join d in db.Datasets.AsNoTracking() on s.DatasetId equals d.Id into own
                    from d in own.DefaultIfEmpty() // a catalogue source feeds no dataset of its own
                    where organisationSlug == null || o.Slug == organisationSlug
                    orderby o.Slug, s.Name
                    select new { s, DatasetSlug = d == null ? null : d.Slug, OrganisationSlug = o.Slug };
        return (await query.ToListAsync(ct)).Select(x => new SourceView(x.s, x.DatasetSlug, x.OrganisationSlug)).ToList();
    }

    public async Task<UseCaseResult<SourceView>> SourceAsync(Caller caller, Guid sourceId, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(caller, sourceId, Permission.Read, ct);
        if (!access.Granted) return UseCaseResult<SourceView>.Refused(access, $"source {sourceId}");
        var source = access.Resource!;
        var datasetSlug = source.DatasetId is { } own ? await db.Datasets.Where(d => d.Id == own).Select(d => d.Slug).FirstAsync(ct) : null;
        var organisationSlug = await db.Organisations.Where(o => o.Id == source.OrganisationId).Select(o => o.Slug).FirstAsync(ct);
        return UseCaseResult<SourceView>.Done(new SourceView(source, datasetSlug, organisationSlug));
    }

    public async Task<UseCaseResult<IReadOnlyList<HarvestRun>>> RunsAsync(Caller caller, Guid sourceId, int limit, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(caller, sourceId, Permission.Read, ct);
        if (!access.Granted) return UseCaseResult<IReadOnlyList<HarvestRun>>.Refused(access, $"source {sourceId}");
        var runs = await db.HarvestRuns.AsNoTracking().Include(r => r.Stages).Where(r => r.SourceId == sourceId)
            .OrderByDescending(r => r.StartedAt).Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
        return UseCaseResult<IReadOnlyList<HarvestRun>>.Done(runs);
    }

    public async Task<UseCaseResult<HarvestRun>> RunAsync(Caller caller, Guid runId, CancellationToken ct)
    {
        var access = await authorisation.RunAsync(caller, runId, ct);
        return access.Granted ? UseCaseResult<HarvestRun>.Done(access.Resource!) : UseCaseResult<HarvestRun>.Refused(access, $"run {runId}");
    }

    public async Task<UseCaseResult<IReadOnlyList<HarvestSourceItem>>> ItemsAsync(Caller caller, Guid sourceId, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(caller, sourceId, Permission.Read, ct);
        if (!access.Granted) return UseCaseResult<IReadOnlyList<HarvestSourceItem>>.Refused(access, $"source {sourceId}");
        var items = await db.HarvestSourceItems.AsNoTracking().Where(i => i.SourceId == sourceId).OrderBy(i => i.ItemKey).ToListAsync(ct);
        return UseCaseResult<IReadOnlyList<HarvestSourceItem>>.Done(items);
    }
}
