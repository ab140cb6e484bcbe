using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>CSV/TSV files: encoding and delimiter are sniffed by the reader.</summary>
public sealed class CsvSourceAdapter(SourceFetcher fetcher) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.Csv;

    public override async Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken)
    {
        // Plain synchronous reads straight into the reader's own large buffer: a local file needs no async
        // hand-off per read or a second buffer. The CSV source owns the stream from here and disposes it;
        // it is returned as it is (not wrapped) so the validator can take its byte-level path for UTF-8.
        var stream = new FileStream(fetched.LocalPath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            return await CsvTabularSource.OpenAsync(stream, null, cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A tabular source that disposes the stream it reads together with the reader.</summary>
public sealed class StreamOwningSource(ITabularSource inner, Stream stream) : ITabularSource
{
    public IReadOnlyList<string> Header => inner.Header;
    public IReadOnlyDictionary<string, string> Facts => inner.Facts;
    public ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await stream.DisposeAsync();
    }
}
