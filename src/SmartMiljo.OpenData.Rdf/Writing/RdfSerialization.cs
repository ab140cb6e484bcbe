namespace SmartMiljo.OpenData.Rdf.Writing;

public enum RdfSerialization { RdfXml, Turtle, NTriples, JsonLd }

/// <summary>Media types, file extensions and HTTP content negotiation for the serialisations we write.</summary>
public static class RdfSerializations
{
    public static readonly IReadOnlyList<RdfSerialization> All =
        [RdfSerialization.RdfXml, RdfSerialization.Turtle, RdfSerialization.JsonLd, RdfSerialization.NTriples];

    public static string MediaType(this RdfSerialization format) => format switch
    {
        RdfSerialization.RdfXml => "application/rdf+xml",
        RdfSerialization.Turtle => "text/turtle",
        RdfSerialization.NTriples => "application/n-triples",
        RdfSerialization.JsonLd => "application/ld+json",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Content-Type header value including the charset.</summary>
    public static string ContentType(this RdfSerialization format) => format.MediaType() + "; charset=utf-8";

    public static string FileExtension(this RdfSerialization format) => format switch
    {
        RdfSerialization.RdfXml => "rdf",
        RdfSerialization.Turtle => "ttl",
        RdfSerialization.NTriples => "nt",
        RdfSerialization.JsonLd => "jsonld",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Maps a file extension (with or without the dot: rdf, xml, ttl, nt, jsonld, json) to a format.</summary>
    public static bool TryFromExtension(string? extension, out RdfSerialization format)
    {
        switch (extension?.TrimStart('.').ToLowerInvariant())
        {
            case "rdf" or "xml" or "owl": format = RdfSerialization.RdfXml; return true;
            case "ttl" or "turtle": format = RdfSerialization.Turtle; return true;
            case "nt" or "ntriples": format = RdfSerialization.NTriples; return true;
            case "jsonld" or "json": format = RdfSerialization.JsonLd; return true;
            default: format = default; return false;
        }
    }

    /// <summary>Maps a media type (parameters ignored) to a format; accepts common aliases.</summary>
    public static bool TryFromMediaType(string? mediaType, out RdfSerialization format)
    {
        var bare = mediaType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        switch (bare)
        {
            case "application/rdf+xml" or "application/xml" or "text/xml": format = RdfSerialization.RdfXml; return true;
            case "text/turtle" or "application/x-turtle" or "application/turtle": format = RdfSerialization.Turtle; return true;
            case "application/n-triples" or "text/plain": format = RdfSerialization.NTriples; return true;
            case "application/ld+json" or "application/json": format = RdfSerialization.JsonLd; return true;
            default: format = default; return false;
        }
    }

    /// <summary>
    /// Picks the format for an Accept header by q-value (ties: the order the client listed; wildcards
    /// match the default). Returns <paramref name="fallback"/> (RDF/XML, what dataportal.se harvests) for
    /// a missing header or <c>*/*</c>; returns null when the client accepts none of our formats (answer 406).
    /// </summary>
    public static RdfSerialization? Negotiate(string? acceptHeader, RdfSerialization fallback = RdfSerialization.RdfXml)
    {
        if (string.IsNullOrWhiteSpace(acceptHeader)) return fallback;
        RdfSerialization? best = null;
        double bestQ = 0;
        int bestSpecificity = -1;
        foreach (var raw in acceptHeader.Split(','))
        {
            var parts = raw.Split(';');
            var type = parts[0].Trim().ToLowerInvariant();
            double q = 1;
            foreach (var p in parts.Skip(1))
            {
                var kv = p.Split('=', 2);
                if (kv.Length == 2 && kv[0].Trim() == "q" &&
                    double.TryParse(kv[1].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                    q = Math.Clamp(parsed, 0, 1);
            }
            if (q <= 0) continue;

            RdfSerialization candidate;
            int specificity;
            if (type is "*/*" or "application/*") { candidate = fallback; specificity = 0; }
            else if (type == "text/*") { candidate = RdfSerialization.Turtle; specificity = 0; }
            // text/plain and text/xml are aliases only when named explicitly, never preferred over real RDF types.
            else if (TryFromMediaType(type, out candidate)) specificity = type is "text/plain" or "application/json" or "application/xml" or "text/xml" ? 1 : 2;
            else continue;

            if (q > bestQ || (q == bestQ && specificity > bestSpecificity))
            {
                best = candidate;
                bestQ = q;
                bestSpecificity = specificity;
            }
        }
        return best;
    }
}
