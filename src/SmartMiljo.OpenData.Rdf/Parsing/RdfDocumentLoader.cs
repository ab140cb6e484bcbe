using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>
/// Loads RDF documents that arrive from outside (uploads, URLs) with size limits and syntax detection:
/// media type first, then the file extension, then the first bytes.
/// </summary>
public static class RdfDocumentLoader
{
    /// <summary>Reads at most <paramref name="maxBytes"/> from <paramref name="body"/> and parses it.</summary>
    public static async Task<RdfGraph> LoadAsync(Stream body, string? mediaType, string? nameOrUrl, long maxBytes, string? baseIri, CancellationToken cancellationToken,
        RdfParseLimits? limits = null)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new RdfException($"The document is larger than the limit of {maxBytes / 1_000_000.0:0.#} MB.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new RdfException("The document is empty.");
        buffer.Position = 0;
        var format = DetectFormat(mediaType, nameOrUrl, buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 512)))
            ?? throw new RdfException("Cannot tell the RDF syntax: send Content-Type application/rdf+xml, text/turtle, application/n-triples or application/ld+json.");
        return RdfParser.Load(buffer, format, baseIri, limits);
    }

    public static RdfSerialization? DetectFormat(string? mediaType, string? nameOrUrl, ReadOnlySpan<byte> start)
    {
        // Generic types (text/plain, application/octet-stream, application/xml) say little; let the content decide.
        var bare = mediaType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (bare is not (null or "" or "text/plain" or "application/octet-stream" or "application/xml" or "text/xml" or "application/json")
            && RdfSerializations.TryFromMediaType(bare, out var byType)) return byType;
        if (nameOrUrl is not null)
        {
            var path = Uri.TryCreate(nameOrUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath : nameOrUrl;
            if (RdfSerializations.TryFromExtension(Path.GetExtension(path), out var byExtension) && Path.GetExtension(path) is not (".json" or ".xml"))
                return byExtension;
        }
        return RdfParser.Sniff(start) ?? (bare is not null && RdfSerializations.TryFromMediaType(bare, out var fallback) ? fallback : null);
    }
}
