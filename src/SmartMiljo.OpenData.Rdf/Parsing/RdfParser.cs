using System.Text;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>Entry points for reading RDF in any of the supported syntaxes.</summary>
public static class RdfParser
{
    /// <summary>Parses <paramref name="stream"/> (UTF-8, BOM tolerated) and passes every triple to <paramref name="onTriple"/>.</summary>
    /// <remarks><paramref name="limits"/> (default <see cref="RdfParseLimits.Default"/>) bound nesting, triples and term length.</remarks>
    public static void Parse(Stream stream, RdfSerialization format, Action<Triple> onTriple, string? baseIri = null, NamespaceMap? namespaces = null,
        RdfParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onTriple);
        limits ??= RdfParseLimits.Default;
        onTriple = limits.Guard(onTriple);
        var blanks = new BlankNodeScope();
        switch (format)
        {
            case RdfSerialization.JsonLd:
                new JsonLdParser(stream, onTriple, baseIri, namespaces, blanks, limits).Parse();
                return;
            case RdfSerialization.RdfXml:
            {
                // XmlReader honours the encoding declaration itself.
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
                new RdfXmlParser(reader, onTriple, baseIri, namespaces, blanks, limits).Parse();
                return;
            }
            default:
            {
                using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
                try
                {
                    new TurtleParser(reader, onTriple, baseIri, namespaces, blanks, limits).Parse();
                }
                catch (DecoderFallbackException e)
                {
                    throw new RdfException("The document is not valid UTF-8.", e);
                }
                return;
            }
        }
    }

    public static RdfGraph Load(Stream stream, RdfSerialization format, string? baseIri = null, RdfParseLimits? limits = null)
    {
        var graph = new RdfGraph();
        Parse(stream, format, t => graph.Add(t), baseIri, graph.Namespaces, limits);
        return graph;
    }

    public static RdfGraph LoadString(string text, RdfSerialization format, string? baseIri = null, RdfParseLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return Load(stream, format, baseIri, limits);
    }

    public static RdfGraph LoadFile(string path, RdfSerialization? format = null, string? baseIri = null)
    {
        var detected = format ?? (RdfSerializations.TryFromExtension(Path.GetExtension(path), out var f) ? f
            : throw new RdfException($"Cannot tell the RDF syntax of '{Path.GetFileName(path)}' from its extension."));
        using var stream = File.OpenRead(path);
        return Load(stream, detected, baseIri ?? new Uri(Path.GetFullPath(path)).AbsoluteUri);
    }

    /// <summary>Guesses the syntax from the first characters of a document (for uploads without a media type).</summary>
    public static RdfSerialization? Sniff(ReadOnlySpan<byte> start)
    {
        var text = Encoding.UTF8.GetString(start).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<'))
        {
            if (text.StartsWith("<?xml", StringComparison.Ordinal) || text.StartsWith("<rdf:", StringComparison.Ordinal) || text.StartsWith("<!", StringComparison.Ordinal))
                return RdfSerialization.RdfXml;
            // "<http://…> <…> …" is N-Triples/Turtle; "<Element" is XML.
            return text.Length > 1 && char.IsAsciiLetter(text[1]) && !text.StartsWith("<http", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("<urn:", StringComparison.OrdinalIgnoreCase)
                ? RdfSerialization.RdfXml : RdfSerialization.Turtle;
        }
        if (text.StartsWith('{') || text.StartsWith('[')) return RdfSerialization.JsonLd;
        if (text.StartsWith('@') || text.StartsWith("PREFIX", StringComparison.OrdinalIgnoreCase) || text.StartsWith('#') || text.StartsWith("_:", StringComparison.Ordinal))
            return RdfSerialization.Turtle;
        return null;
    }
}
