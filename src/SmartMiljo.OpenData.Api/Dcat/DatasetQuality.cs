using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Mqa;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>
/// One published dataset's MQA score, computed by <see cref="MqaScorer"/> on exactly the DCAT-AP-SE the
/// feed publishes for it, so the publishing web shows the score dataportal.se would give.
/// </summary>
public sealed class DatasetQuality(IDcatCatalogueSource source)
{
    /// <summary>The score, or null when the dataset is not published (there is no DCAT to score yet).</summary>
    public async Task<MqaDatasetScore?> ScoreAsync(string organisationSlug, string datasetSlug, CancellationToken ct)
    {
        var record = await source.GetDatasetAsync(organisationSlug, datasetSlug, ct);
        if (record is null) return null;
        var instance = await source.GetInstanceAsync(ct);
        var catalogue = new DcatOrganisationCatalogue(record.Organisation, new[] { record.Dataset }.ToAsyncEnumerable());
        var graph = await DcatCatalogueWriter.BuildGraphAsync(instance, new[] { catalogue }.ToAsyncEnumerable(), ct);
        var score = await new MqaScorer(new PlatformUrls(instance.BaseUrl)).ScoreAsync(graph, ct);
        return score.Datasets.FirstOrDefault();
    }

    /// <summary>
    /// Reachability without a request: the platform itself serves every download and API address under its
    /// base URL for as long as the dataset is published. Any other address counts as not answering here; the
    /// administrators' MQA endpoint with <c>checkUrls=true</c> asks those over the network.
    /// </summary>
    private sealed class PlatformUrls(string baseUrl) : IUrlProbe
    {
        private readonly string _prefix = baseUrl.TrimEnd('/') + "/";

        public Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken) =>
            Task.FromResult<int?>(url.StartsWith(_prefix, StringComparison.Ordinal) ? 200 : null);
    }
}
