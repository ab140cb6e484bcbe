using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>What a fetch produced: a local copy of the source bytes, or the knowledge that nothing changed.</summary>
public sealed record FetchResult(
    bool NotModified, string? LocalPath, long Bytes, string? Sha256, string? ETag, string? LastModified, string? ContentType)
{
    /// <summary>The next page named by an HTTP <c>Link: &lt;…&gt;; rel="next"</c> header, resolved.</summary>
    public Uri? NextLink { get; init; }
}

/// <summary>A fetch that cannot succeed: wrong address, refused, too large, timed out. The message is for people.
/// Transient faults (connection errors, 408, 429, 5xx) are retried before they reach the run.</summary>
public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; init; }

    /// <summary>The wait the server asked for (Retry-After), if any.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// Copies a source (http(s) URL or allowed local file) to a work file while hashing it, honouring
/// conditional GET so an unchanged source costs one request. Requests go through <see cref="OutboundHttp"/>:
/// redirects are followed by hand, each hop's scheme checked and each connection passing the <see cref="NetworkGuard"/>.
/// </summary>
public sealed class SourceFetcher(OutboundHttp http, IOptions<HarvestOptions> options, HostResilience resilience, TimeProvider time)
{
    public async Task<FetchResult> FetchAsync(string location, string? etag, string? lastModified, string destinationPath, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            if (!(uri.Scheme is "http" or "https" && options.Value.AllowedSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)))
                throw new FetchException($"The address scheme '{uri.Scheme}' is not allowed; use {string.Join(" or ", options.Value.AllowedSchemes)}.");
            return await FetchHttpAsync(uri, etag, lastModified, destinationPath, cancellationToken);
        }
        return await FetchFileAsync(location, destinationPath, cancellationToken);
    }

    private async Task<FetchResult> FetchHttpAsync(Uri uri, string? etag, string? lastModified, string destinationPath, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(opts.FetchTimeout);
        try
        {
            return await resilience.ExecuteAsync(uri, token => AttemptAsync(uri, etag, lastModified, destinationPath, token), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"Fetching {uri} took longer than {opts.FetchTimeout.TotalSeconds:0} seconds, retries included.");
        }
    }

    private async Task<FetchResult> AttemptAsync(Uri start, string? etag, string? lastModified, string destinationPath, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(opts.RequestTimeout);
        var token = attemptTimeout.Token;
        var uri = start;
        try
        {
            using var response = await SendAsync(start, target =>
            {
                uri = target;
                var request = new HttpRequestMessage(HttpMethod.Get, target);
                request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
                if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
                if (lastModified is not null && DateTimeOffset.TryParse(lastModified, out var since)) request.Headers.IfModifiedSince = since;
                return request;
            }, token);
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchResult(true, null, 0, null, etag, lastModified, null);
            ThrowOnFailureStatus(response, uri);
            if (response.Content.Headers.ContentLength is { } declared && declared > opts.MaxDownloadBytes)
                throw new FetchException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri} declares {declared:N0} bytes, more than the limit of {opts.MaxDownloadBytes:N0} bytes (Harvesting:MaxDownloadBytes)."));

            await using var raw = await response.Content.ReadAsStreamAsync(token);
            await using var wire = new LimitedStream(raw, opts.MaxDownloadBytes,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri} sent more than the limit of {opts.MaxDownloadBytes:N0} bytes (Harvesting:MaxDownloadBytes)."));
            await using var body = Decompress(wire, response.Content.Headers.ContentEncoding, uri);
            var gzipped = response.Content.Headers.ContentEncoding.Any(c => c.Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase) || c.Trim().Equals("x-gzip", StringComparison.OrdinalIgnoreCase));
            var (bytes, hash) = await CopyHashedAsync(body, destinationPath, opts.MaxDecompressedBytes,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri} expands to more than {opts.MaxDecompressedBytes:N0} bytes when decompressed (Harvesting:MaxDecompressedBytes); it looks like a compression bomb."), token);
            // .NET's GZipStream ends quietly on a cut-off body; the trailer's length field tells.
            if (gzipped && !GzipTrailerMatches(wire.Tail, bytes))
                throw new FetchException($"The compressed body from {uri} is cut short: it ends before the gzip data does.") { IsTransient = true };
            return new FetchResult(false, destinationPath, bytes, hash,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"),
                response.Content.Headers.ContentType?.ToString()) { NextLink = NextLinkOf(response, uri) };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"{uri} did not finish answering within {opts.RequestTimeout.TotalSeconds:0} seconds.") { IsTransient = true };
        }
        catch (InvalidDataException ex)
        {
            throw new FetchException($"The compressed body from {uri} is damaged or cut short: {ex.Message}", ex);
        }
        catch (IOException ex) when (ex is not DestinationRefusedException)
        {
            throw new FetchException($"The connection to {uri} broke off while reading: {ex.Message}", ex) { IsTransient = true };
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri start, Func<Uri, HttpRequestMessage> createRequest, CancellationToken token)
    {
        try
        {
            return await http.SendAsync(start, createRequest, token);
        }
        catch (OutboundRequestRefusedException refused)
        {
            throw new FetchException(refused.Message, refused);
        }
        catch (HttpRequestException ex)
        {
            var message = ex.InnerException is IOException or System.Net.Sockets.SocketException
                ? $"The connection to {start} broke off or was refused before an answer arrived: {ex.InnerException.Message}"
                : $"Could not fetch {start}: {ex.Message}";
            throw new FetchException(message, ex) { IsTransient = true };
        }
    }

    private static Uri? NextLinkOf(HttpResponseMessage response, Uri uri)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';');
            var target = pieces[0].Trim();
            if (target.Length < 2 || target[0] != '<' || target[^1] != '>') continue;
            if (pieces.Skip(1).Any(p => p.Trim().Replace(" ", "").Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || p.Trim().Equals("rel=next", StringComparison.OrdinalIgnoreCase))
                && Uri.TryCreate(uri, target[1..^1], out var next))
                return next;
        }
        return null;
    }

    private void ThrowOnFailureStatus(HttpResponseMessage response, Uri uri)
    {
        if (response.IsSuccessStatusCode) return;
        var code = (int)response.StatusCode;
        var message = $"The server answered {code} {response.ReasonPhrase} for {uri}.";
        var transient = code is 408 or 429 || code >= 500;
        if (!transient) throw new FetchException(message);
        var retryAfter = response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
            : null;
        if (retryAfter < TimeSpan.Zero) retryAfter = TimeSpan.Zero;
        if (retryAfter > options.Value.MaxRetryAfter)
            throw new FetchException($"{message} It asked to come back after {retryAfter.Value.TotalSeconds:0} seconds, longer than the harvester waits; the next scheduled run will try again.");
        throw new FetchException(message) { IsTransient = true, RetryAfter = retryAfter };
    }

    private static bool GzipTrailerMatches(ReadOnlySpan<byte> tail, long decompressedBytes) =>
        tail.Length == 8 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) == (uint)(decompressedBytes & 0xFFFFFFFF);

    private static Stream Decompress(Stream wire, ICollection<string> encodings, Uri uri)
    {
        var stream = wire;
        // Content-Encoding lists codings in the order applied; undo them in reverse.
        foreach (var coding in encodings.Reverse())
        {
            stream = coding.Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                "deflate" => new ZLibStream(stream, CompressionMode.Decompress),
                "br" => new BrotliStream(stream, CompressionMode.Decompress),
                "identity" or "" => stream,
                _ => throw new FetchException($"{uri} uses the content encoding '{coding}', which the harvester cannot read."),
            };
        }
        return stream;
    }

    private async Task<FetchResult> FetchFileAsync(string location, string destinationPath, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(location.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath : location);
        EnsureAllowedPath(path, location);
        if (!File.Exists(path)) throw new FetchException($"The file '{location}' does not exist.");
        var tooLarge = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The file '{location}' is larger than the limit of {options.Value.MaxDownloadBytes:N0} bytes.");
        var before = new FileInfo(path);
        if (before.Length > options.Value.MaxDownloadBytes) throw new FetchException(tooLarge);
        // The kernel copies the file (no pass through this process) while this thread hashes it. Both read the
        // same bytes unless the file is written meanwhile, which its size and time of change then show: such a
        // fetch is refused rather than validated under another content's hash.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        var copying = Task.Run(() => File.Copy(path, destinationPath, overwrite: true), CancellationToken.None);
        long bytes;
        string hash;
        try { (bytes, hash) = await HashFileAsync(path, cancellationToken); }
        finally { await copying.ContinueWith(_ => { }, TaskScheduler.Default); } // never leave the copy running
        await copying;
        var after = new FileInfo(path);
        if (after.Length != bytes || after.LastWriteTimeUtc != before.LastWriteTimeUtc || new FileInfo(destinationPath).Length != bytes)
            throw new FetchException($"The file '{location}' changed while it was being read; it is read again at the next run.");
        if (bytes > options.Value.MaxDownloadBytes) throw new FetchException(tooLarge); // it grew before it was read
        return new FetchResult(false, destinationPath, bytes, hash, null, File.GetLastWriteTimeUtc(path).ToString("R"), null);
    }

    /// <summary>Throws unless <paramref name="fullPath"/> lies inside one of the allowed file roots.</summary>
    public void EnsureAllowedPath(string fullPath, string shownAs)
    {
        var roots = options.Value.AllowedFileRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)) + Path.DirectorySeparatorChar);
        var candidate = Directory.Exists(fullPath) ? Path.TrimEndingDirectorySeparator(fullPath) + Path.DirectorySeparatorChar : fullPath;
        if (!roots.Any(root => candidate.StartsWith(root, StringComparison.Ordinal)))
            throw new FetchException($"'{shownAs}' is outside the folders this instance may read (Harvesting:AllowedFileRoots).");
    }

    private static async Task<(long Bytes, string Sha256)> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long total = 0;
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                sha.AppendData(buffer, 0, read);
            }
            return (total, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    private static async Task<(long Bytes, string Sha256)> CopyHashedAsync(Stream input, string destinationPath, long maxBytes, string tooLarge, CancellationToken cancellationToken)
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
            if (total > maxBytes) throw new FetchException(tooLarge);
            sha.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return (total, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}

/// <summary>A read-only pass-through that refuses to read beyond a byte limit.</summary>
internal sealed class LimitedStream(Stream inner, long limit, string tooLarge) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private Memory<byte> _last;

    public override int Read(byte[] buffer, int offset, int count)
    {
        _last = buffer.AsMemory(offset, count);
        return Count(inner.Read(buffer, offset, count));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _last = buffer;
        return Count(await inner.ReadAsync(buffer, cancellationToken));
    }

    private void RememberTail(int read)
    {
        var fresh = _last.Span[..read];
        if (fresh.Length >= 8)
        {
            fresh[^8..].CopyTo(_tail);
            return;
        }
        // Shift the old tail left and append the few new bytes.
        _tail.AsSpan(fresh.Length).CopyTo(_tail);
        fresh.CopyTo(_tail.AsSpan(8 - fresh.Length));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private readonly byte[] _tail = new byte[8];

    /// <summary>The last (up to) eight bytes read: a gzip member's trailer once the body is done.</summary>
    public ReadOnlySpan<byte> Tail => _read >= 8 ? _tail : _tail.AsSpan(0, (int)_read);

    private int Count(int read)
    {
        if (read > 0) RememberTail(read);
        _read += read;
        if (_read > limit) throw new FetchException(tooLarge);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
