using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>A file refused at upload; the message is for the publisher.</summary>
public sealed class UploadRejectedException(string message) : Exception(message);

/// <summary>
/// Puts an uploaded file into a file-drop source's folder, where the next harvest takes it up. The file
/// is written under a hidden name and renamed when complete, so a harvest never sees half a file.
/// </summary>
public sealed class FileDropInbox(SourceFetcher fetcher, IOptions<HarvestOptions> options, TimeProvider clock)
{
    public async Task<string> AcceptAsync(HarvestSource source, string fileName, Stream body, CancellationToken cancellationToken)
    {
        if (source.Kind != SourceKind.FileDrop) throw new UploadRejectedException("Files can only be uploaded to a source of kind FileDrop.");
        var name = Path.GetFileName(fileName ?? "");
        if (FileDropSourceAdapter.KindOf(name) is null || name.StartsWith('.'))
            throw new UploadRejectedException("Name the file with one of the extensions .csv, .tsv, .txt, .geojson, .json or .xlsx.");
        var folder = Path.GetFullPath(source.Location);
        try { fetcher.EnsureAllowedPath(folder, source.Location); }
        catch (FetchException ex) { throw new UploadRejectedException(ex.Message); }
        Directory.CreateDirectory(folder);

        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff");
        var partial = Path.Combine(folder, $".upload-{Guid.NewGuid():N}");
        var final = Path.Combine(folder, $"{stamp}-{name}");
        try
        {
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > options.Value.MaxDownloadBytes)
                        throw new UploadRejectedException($"The file is larger than the limit of {options.Value.MaxDownloadBytes:N0} bytes.");
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                if (total == 0) throw new UploadRejectedException("The upload is empty.");
            }
            File.Move(partial, final);
            // Complete by construction: dated back past the drop's settle time so the next run takes it.
            File.SetLastWriteTimeUtc(final, clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1));
            return final;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
