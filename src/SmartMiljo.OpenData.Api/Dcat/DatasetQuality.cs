using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Mqa;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>
/// A dataset's MQA score, computed by <see cref="MqaScorer"/> on exactly the DCAT-AP-SE the feed publishes
/// (or, before publishing, will publish) for it, so the publishing web shows the score dataportal.se would
/// give. The one scorer of the platform: the dataset pages and the wizard's draft both use it.
/// </summary>
public sealed class DatasetQuality(IDcatCatalogueSource source, DcatCatalogueSource records, TimeProvider clock)
{
    /// <summary>The score, or null when the dataset is not published (there is no DCAT to score yet).</summary>
    public async Task<MqaDatasetScore?> ScoreAsync(string organisationSlug, string datasetSlug, CancellationToken ct)
    {
        var record = await source.GetDatasetAsync(organisationSlug, datasetSlug, ct);
        return record is null ? null : await ScoreAsync(record, ct);
    }

    /// <summary>
    /// The score <paramref name="dataset"/>, described but not stored (the wizard's draft), will have once its
    /// first version is published: the version is published in memory with a distribution for every download
    /// format the Downloads stage writes for <paramref name="layout"/>, and mapped by the feed's own mapping.
    /// The files' sizes and checksums are not known before they are written; the method asks only that there
    /// is a size, and the checksum (not scored) is left out.
    /// </summary>
    public Task<MqaDatasetScore?> ScoreBeforePublishingAsync(Organisation organisation, Dataset dataset, TableLayout layout, string? schedule,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var version = new DatasetVersion { DatasetId = dataset.Id, Number = 1, TableName = "", SchemaJson = "", CreatedAt = now };
        version.Distributions = ExportFormats.All.Where(f => f.Applies(layout))
            .Select(f => Distribution.Create(version.Id, f.Extension, f.MediaType, storageKey: "", byteSize: 0, sha256: "", now)).ToList();
        dataset.Publish(version, previous: null, now);
        return ScoreAsync(records.Record(organisation, dataset, version, schedule), ct);
    }

    /// <summary>Null when the feed would leave the record out (see <see cref="DcatRecordSanitiser"/>).</summary>
    private async Task<MqaDatasetScore?> ScoreAsync(DcatDatasetRecord record, CancellationToken ct)
    {
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
