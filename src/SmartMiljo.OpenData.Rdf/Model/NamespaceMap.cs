namespace SmartMiljo.OpenData.Rdf;

/// <summary>Prefix ↔ namespace declarations used by writers to abbreviate IRIs (and by parsers to report them).</summary>
public sealed class NamespaceMap
{
    private readonly List<KeyValuePair<string, string>> _ordered = [];
    private readonly Dictionary<string, string> _prefixToNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _namespaceToPrefix = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, string>> Declarations => _ordered;

    /// <summary>Declares <paramref name="prefix"/> (an XML/Turtle-safe name) for <paramref name="namespaceIri"/>.</summary>
    public NamespaceMap Add(string prefix, string namespaceIri)
    {
        if (!IsSafePrefix(prefix)) throw new RdfException($"Invalid namespace prefix '{prefix}'.");
        if (!Iri.IsValid(namespaceIri)) throw new RdfException($"Invalid namespace IRI <{namespaceIri}>.");
        if (_prefixToNamespace.TryGetValue(prefix, out var existing))
        {
            if (existing == namespaceIri) return this;
            _ordered.RemoveAll(kv => kv.Key == prefix);
            _namespaceToPrefix.Remove(existing);
        }
        _prefixToNamespace[prefix] = namespaceIri;
        _namespaceToPrefix.TryAdd(namespaceIri, prefix);
        _ordered.Add(new(prefix, namespaceIri));
        return this;
    }

    public bool TryGetNamespace(string prefix, out string namespaceIri) => _prefixToNamespace.TryGetValue(prefix, out namespaceIri!);
    public bool TryGetPrefix(string namespaceIri, out string prefix) => _namespaceToPrefix.TryGetValue(namespaceIri, out prefix!);

    /// <summary>The prefixes DCAT-AP-SE documents use.</summary>
    public static NamespaceMap CreateDcatDefaults() => new NamespaceMap()
        .Add("rdf", Vocab.Rdf.Namespace)
        .Add("rdfs", Vocab.Rdfs.Namespace)
        .Add("xsd", Vocab.Xsd.Namespace)
        .Add("dcat", Vocab.Dcat.Namespace)
        .Add("dct", Vocab.Dct.Namespace)
        .Add("dcatap", Vocab.DcatAp.Namespace)
        .Add("foaf", Vocab.Foaf.Namespace)
        .Add("vcard", Vocab.Vcard.Namespace)
        .Add("adms", Vocab.Adms.Namespace)
        .Add("spdx", Vocab.Spdx.Namespace)
        .Add("locn", Vocab.Geo.LocnNamespace)
        .Add("gsp", Vocab.Geo.GeoSparqlNamespace)
        .Add("hydra", Vocab.Hydra.Namespace);

    public NamespaceMap Clone()
    {
        var copy = new NamespaceMap();
        foreach (var (p, ns) in _ordered) copy.Add(p, ns);
        return copy;
    }

    /// <summary>
    /// Splits an IRI into a namespace and a local name that is a valid XML NCName and Turtle local name
    /// (letters, digits, '_', '-', starting with a letter or '_'). Prefers the split after the last '#' or '/'.
    /// </summary>
    public static bool TrySplit(string iri, out string namespaceIri, out string localName)
    {
        int start = iri.Length;
        // Walk back over name characters, then forward to the first legal name start.
        while (start > 0 && IsNameChar(iri[start - 1])) start--;
        while (start < iri.Length && !IsNameStart(iri[start])) start++;
        if (start >= iri.Length || start == 0)
        {
            namespaceIri = localName = "";
            return false;
        }
        namespaceIri = iri[..start];
        localName = iri[start..];
        return true;
    }

    /// <summary>The prefixed name for <paramref name="iri"/> when its namespace is declared, else null.</summary>
    public string? TryCompact(string iri)
    {
        if (!TrySplit(iri, out var ns, out var local)) return null;
        return _namespaceToPrefix.TryGetValue(ns, out var prefix) ? prefix + ":" + local : null;
    }

    internal static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
    internal static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    public static bool IsSafePrefix(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || !char.IsAsciiLetter(prefix[0])) return false;
        foreach (char c in prefix) if (!IsNameChar(c)) return false;
        // "xml…" prefixes are reserved in XML.
        return !prefix.StartsWith("xml", StringComparison.OrdinalIgnoreCase);
    }
}
