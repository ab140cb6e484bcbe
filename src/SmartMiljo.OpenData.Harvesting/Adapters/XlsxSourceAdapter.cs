using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Reading.Xlsx;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>Excel workbooks: the first sheet, or the one named in the settings; the first non-empty
/// row is the header. Read streaming by <see cref="XlsxTabularSource"/>.</summary>
public sealed class XlsxSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.Xlsx;

    public override Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        return TabularReaders.OpenAsync(fetched.LocalPath!, TabularFormat.Xlsx,
            new TabularReadOptions { Sheet = settings.Sheet, MaxUnpackedBytes = options.Value.MaxDecompressedBytes }, cancellationToken);
    }
}
