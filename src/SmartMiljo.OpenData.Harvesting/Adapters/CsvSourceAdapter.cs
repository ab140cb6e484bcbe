using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>CSV/TSV files: encoding and delimiter are sniffed by the reader (see <see cref="TabularReaders"/>).</summary>
public sealed class CsvSourceAdapter(SourceFetcher fetcher) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.Csv;

    public override Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken) =>
        TabularReaders.OpenAsync(fetched.LocalPath!, TabularFormat.Csv, null, cancellationToken);
}
