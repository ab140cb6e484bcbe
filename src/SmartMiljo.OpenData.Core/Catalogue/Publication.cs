using System.Linq.Expressions;

namespace SmartMiljo.OpenData.Core.Catalogue;

/// <summary>
/// The one definition of "published": a dataset whose status is published and that points at a current
/// version, or a harvested catalogue record published as such (<see cref="Dataset.RecordOnly"/>). Readers
/// of rows (OData, downloads, OGC API) join the current version and so see only datasets with data. The catalogue's read side, DCAT, the web's catalogue and the publisher's pages all ask this.
/// </summary>
public static class Publication
{
    public static readonly Expression<Func<Dataset, bool>> IsPublishedExpression =
        d => d.Status == DatasetStatus.Published && (d.CurrentVersionId != null || d.RecordOnly);

    private static readonly Func<Dataset, bool> IsPublishedCompiled = IsPublishedExpression.Compile();

    /// <summary>The published datasets of a query (translated to SQL).</summary>
    public static IQueryable<Dataset> WherePublished(this IQueryable<Dataset> datasets) => datasets.Where(IsPublishedExpression);

    /// <summary>Whether one dataset in memory is published.</summary>
    public static bool IsPublished(Dataset dataset) => IsPublishedCompiled(dataset);
}
