using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Datasets;

/// <summary>Takes a dataset out of the catalogue.</summary>
public sealed record WithdrawDataset(Caller Caller, Guid DatasetId);

/// <summary>What withdrawing led to: a published dataset kept as history, or a draft (never published) deleted.</summary>
public sealed record WithdrawnDataset(Guid DatasetId, string OrganisationSlug, string DatasetSlug, bool Deleted);

/// <summary>
/// Withdraws a dataset: readers no longer find it (DCAT, feeds, OData, downloads, the catalogue's pages;
/// its address answers 410 Gone with a pointer to its organisation), its versions stay as history, and
/// the source feeding it stops, so no harvest publishes it again. A draft that was never published has no
/// history to keep and is deleted with its source.
/// </summary>
public sealed class WithdrawDatasetHandler(
    CatalogueDbContext db, ResourceAuthorisation authorisation, HarvestScheduler scheduler, IAuditTrail audit, TimeProvider clock)
{
    public async Task<UseCaseResult<WithdrawnDataset>> HandleAsync(WithdrawDataset command, CancellationToken ct)
    {
        var access = await authorisation.DatasetAsync(command.Caller, command.DatasetId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<WithdrawnDataset>.Refused(access, $"dataset {command.DatasetId}");
        var dataset = access.Resource!;
        var organisationSlug = await db.Organisations.Where(o => o.Id == dataset.OrganisationId).Select(o => o.Slug).FirstAsync(ct);

        // A dataset one of a catalogue's or service's items feeds comes and goes with that item.
        var feedingCatalogue = await (from i in db.HarvestSourceItems
                                      join s in db.HarvestSources on i.SourceId equals s.Id
                                      where i.DatasetId == dataset.Id && (s.DatasetId == null || s.DatasetId != dataset.Id)
                                      select s.Name).FirstOrDefaultAsync(ct);
        if (feedingCatalogue is not null)
            return UseCaseResult<WithdrawnDataset>.Conflict(
                $"Datasetet kommer från källan '{feedingCatalogue}'; ta bort det där eller ta bort källan. / " +
                $"The dataset comes from the source '{feedingCatalogue}'; remove it there or delete the source.");

        var sources = await db.HarvestSources.Where(s => s.DatasetId == dataset.Id).ToListAsync(ct);
        foreach (var source in sources) source.Enabled = false;
        var isDraft = dataset.Status == DatasetStatus.Draft && !await db.DatasetVersions.AnyAsync(v => v.DatasetId == dataset.Id, ct);
        if (isDraft)
        {
            db.HarvestSources.RemoveRange(sources);
            db.Datasets.Remove(dataset);
        }
        else dataset.Withdraw(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        foreach (var source in sources) scheduler.Schedule(source); // disabled: its nightly harvest is removed
        await audit.RecordAsync(new AuditRecord(command.Caller, dataset.OrganisationId, isDraft ? "dataset.delete" : "dataset.withdraw",
            $"{organisationSlug}/{dataset.Slug}", dataset.Title), ct);
        return UseCaseResult<WithdrawnDataset>.Done(new WithdrawnDataset(dataset.Id, organisationSlug, dataset.Slug, isDraft));
    }
}
