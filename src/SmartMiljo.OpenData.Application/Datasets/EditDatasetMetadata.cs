using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Datasets;

/// <summary>A dataset's description as its publisher sees it, with the dataset's identity.</summary>
public sealed record DatasetMetadataView(Guid Id, string OrganisationSlug, string Slug, DatasetMetadataInput Metadata);

/// <summary>Replace a dataset's whole description (the admin API merges a PATCH into the current one first).</summary>
public sealed record EditDatasetMetadata(Caller Caller, Guid DatasetId, DatasetMetadataInput Metadata);

/// <summary>Reads a dataset's description for a caller who may read its organisation.</summary>
public sealed class DatasetMetadataQuery(CatalogueDbContext db, ResourceAuthorisation authorisation)
{
    public async Task<UseCaseResult<DatasetMetadataView>> HandleAsync(Caller caller, Guid datasetId, CancellationToken ct)
    {
        var access = await authorisation.DatasetAsync(caller, datasetId, Permission.Read, ct);
        if (!access.Granted) return UseCaseResult<DatasetMetadataView>.Refused(access, $"dataset {datasetId}");
        return UseCaseResult<DatasetMetadataView>.Done(await ViewAsync(db, access.Resource!, ct));
    }

    internal static async Task<DatasetMetadataView> ViewAsync(CatalogueDbContext db, Dataset dataset, CancellationToken ct)
    {
        var organisation = await db.Organisations.FindAsync([dataset.OrganisationId], ct);
        return new DatasetMetadataView(dataset.Id, organisation!.Slug, dataset.Slug, DatasetMetadataInput.From(dataset.CurrentDescription()));
    }
}

/// <summary>
/// Checks a new description with the metadata rules (400 naming each field, in Swedish and English) and
/// applies it whole through <see cref="Dataset.Describe"/>. Only a caller who may change the dataset's
/// organisation may edit it.
/// </summary>
public sealed class EditDatasetMetadataHandler(CatalogueDbContext db, ResourceAuthorisation authorisation, TimeProvider clock)
{
    public async Task<UseCaseResult<DatasetMetadataView>> HandleAsync(EditDatasetMetadata command, CancellationToken ct)
    {
        var access = await authorisation.DatasetAsync(command.Caller, command.DatasetId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<DatasetMetadataView>.Refused(access, $"dataset {command.DatasetId}");
        var problems = command.Metadata.Check();
        if (problems.Count > 0) return UseCaseResult<DatasetMetadataView>.Invalid(problems);

        var dataset = access.Resource!;
        dataset.Describe(command.Metadata.ToDescription(), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return UseCaseResult<DatasetMetadataView>.Done(await DatasetMetadataQuery.ViewAsync(db, dataset, ct));
    }
}
