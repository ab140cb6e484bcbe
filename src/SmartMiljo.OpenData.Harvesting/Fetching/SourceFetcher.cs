using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>What a fetch produced: a local copy of the source bytes, or the knowledge that nothing changed.</summary>
public sealed record FetchResult(
    bool NotModified, string? LocalPath, long Bytes, string? Sha256, string? ETag, string? LastModified, string? ContentType);

/// <summary>A fetch that cannot succeed: wrong address, refused, too large, timed out. The message is for people.</summary>
public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Copies a source (http(s) URL or allowed local file) to a work file while hashing it, honouring
/// conditional GET so an unchanged source costs one request.
/// </summary>
public sealed class SourceFetcher(IHttpClientFactory httpClientFactory, IOptions<HarvestOptions> options)
{
    public const string HttpClientName = "harvest";

    public async Task<FetchResult> FetchAsync(string location, string? etag, string? lastModified, string destinationPath, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return await FetchHttpAsync(uri, etag, lastModified, destinationPath, cancellationToken);
        if (uri is { IsFile: false })
            throw new FetchException($"The address scheme '{uri.Scheme}' is not supported; use http, https or an allowed file path.");
        return await FetchFileAsync(location, destinationPath, cancellationToken);
    }

    private async Task<FetchResult> FetchHttpAsync(Uri uri, string? etag, string? lastModified, string destinationPath, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(opts.FetchTimeout);
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
        if (lastModified is not null && DateTimeOffset.TryParse(lastModified, out var since)) request.Headers.IfModifiedSince = since;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchResult(true, null, 0, null, etag, lastModified, null);
            if (!response.IsSuccessStatusCode)
                throw new FetchException($"The server answered {(int)response.StatusCode} {response.ReasonPhrase} for {uri}.");
            if (response.Content.Headers.ContentLength is { } declared && declared > opts.MaxDownloadBytes)
                throw new FetchException($"The source declares {declared:N0} bytes, more than the limit of {opts.MaxDownloadBytes:N0}.");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var (bytes, hash) = await CopyHashedAsync(body, destinationPath, opts.MaxDownloadBytes, timeout.Token);
            return new FetchResult(false, destinationPath, bytes, hash,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"),
                response.Content.Headers.ContentType?.MediaType);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"Fetching {uri} took longer than {opts.FetchTimeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            throw new FetchException($"Could not fetch {uri}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new FetchException($"The connection to {uri} broke off while reading: {ex.Message}", ex);
        }
    }

    private async Task<FetchResult> FetchFileAsync(string location, string destinationPath, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(location.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath : location);
        var roots = options.Value.AllowedFileRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)) + Path.DirectorySeparatorChar);
        if (!roots.Any(root => path.StartsWith(root, StringComparison.Ordinal)))
            throw new FetchException($"The file '{location}' is outside the folders this instance may read (Harvesting:AllowedFileRoots).");
        if (!File.Exists(path)) throw new FetchException($"The file '{location}' does not exist.");
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var (bytes, hash) = await CopyHashedAsync(input, destinationPath, options.Value.MaxDownloadBytes, cancellationToken);
        return new FetchResult(false, destinationPath, bytes, hash, null, File.GetLastWriteTimeUtc(path).ToString("R"), null);
    }

    private static async Task<(long Bytes, string Sha256)> CopyHashedAsync(Stream input, string destinationPath, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes) throw new FetchException($"The source is larger than the limit of {maxBytes:N0} bytes.");
            sha.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return (total, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
