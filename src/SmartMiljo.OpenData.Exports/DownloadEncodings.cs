namespace SmartMiljo.OpenData.Exports;

/// <summary>A precompressed representation stored next to a download file.</summary>
/// <param name="ContentCoding">HTTP content-coding token, e.g. <c>br</c>.</param>
/// <param name="KeySuffix">Appended to the file's storage key, e.g. <c>.br</c>.</param>
public sealed record DownloadEncoding(string ContentCoding, string KeySuffix)
{
    public string KeyFor(string storageKey) => storageKey + KeySuffix;

    /// <summary>A strong ETag per representation: a compressed file is different bytes than the original.</summary>
    public string EntityTagFor(string sha256) => $"\"{sha256}-{ContentCoding}\"";
}

/// <summary>
/// Text downloads are precompressed once at publish, so serving stays a plain file send with
/// working Range requests and stable strong ETags, and costs no CPU per request.
/// </summary>
public static class DownloadEncodings
{
    public static DownloadEncoding Brotli { get; } = new("br", ".br");
    public static DownloadEncoding Gzip { get; } = new("gzip", ".gz");

    /// <summary>The variants stored and served. Only gzip: every client that sends <c>br</c> also accepts
    /// gzip, and a brotli copy of every text file cost more storage and publish time than the few percent
    /// it saves per transfer (<c>.br</c> files of older versions are still cleaned up, see <see cref="AllKeysOf"/>).</summary>
    public static IReadOnlyList<DownloadEncoding> All { get; } = [Gzip];

    /// <summary>Variants earlier versions stored, so retention still removes them.</summary>
    private static IReadOnlyList<DownloadEncoding> Retired { get; } = [Brotli];

    /// <summary>Text formats shrink a lot; XLSX, Parquet and zip are compressed already.</summary>
    public static bool IsCompressible(string mediaType)
    {
        var type = mediaType.Split(';', 2)[0].Trim();
        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every storage key belonging to one download (the file and its compressed variants),
    /// for retention clean-up.</summary>
    public static IEnumerable<string> AllKeysOf(string storageKey, string mediaType)
    {
        yield return storageKey;
        if (!IsCompressible(mediaType)) yield break;
        foreach (var encoding in All.Concat(Retired)) yield return encoding.KeyFor(storageKey);
    }
}
