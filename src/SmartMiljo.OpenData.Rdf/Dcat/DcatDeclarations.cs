using static SmartMiljo.OpenData.Rdf.Dcat.DcatTerms;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// What one document has declared so far (each vocabulary IRI is typed once per document) and the bounded
/// cache of IRIs that repeat for every dataset. Shared by the mappers of one document; a record that fails
/// is rolled back so the next record still types the vocabulary it uses.
/// </summary>
internal sealed class DcatDeclarations
{
    private const int MaxCachedIris = 10_000;
    private readonly Dictionary<string, Iri> _iriCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly List<string> _declarationOrder = [];

    /// <summary>A point to return to with <see cref="Rollback"/>.</summary>
    public int Mark() => _declarationOrder.Count;

    /// <summary>What was mapped since <paramref name="mark"/> was never written: its declarations are not in the document.</summary>
    public void Rollback(int mark)
    {
        for (int i = _declarationOrder.Count - 1; i >= mark; i--) _declared.Remove(_declarationOrder[i]);
        _declarationOrder.RemoveRange(mark, _declarationOrder.Count - mark);
    }

    public bool MarkDeclared(string key)
    {
        if (!_declared.Add(key)) return false;
        _declarationOrder.Add(key);
        return true;
    }

    /// <summary>
    /// Vocabulary, publisher and catalogue IRIs repeat for every dataset: build and validate each once.
    /// The cache is bounded (these sets are small; dataset-specific IRIs never go through it).
    /// </summary>
    public Iri Cached(string key, Func<string, string> build)
    {
        if (_iriCache.TryGetValue(key, out var iri)) return iri;
        iri = Iri.Create(build(key));
        if (_iriCache.Count < MaxCachedIris) _iriCache[key] = iri;
        return iri;
    }

    public Iri Cached(string iri) => Cached(iri, static v => v);

    /// <summary>A licence document with its ADMS licence type when it is a Creative Commons licence we recognise; the
    /// types' scheme is ADMS's 1.0, which the EU vocabulary shapes expect.</summary>
    public IEnumerable<RdfDescription> DeclareLicense(Iri license)
    {
        if (!MarkDeclared(license.Value)) yield break;
        var d = new RdfDescription(license).AddType(Vocab.Dct.LicenseDocument);
        var types = LicenceTypes(license.Value);
        foreach (var type in types) d.Add(Vocab.Dct.Type, type);
        yield return d;
        foreach (var type in types)
            foreach (var x in DeclareConcept(type, Iri.Create("http://purl.org/adms/licencetype/1.0"))) yield return x;
    }

    private static List<Iri> LicenceTypes(string license)
    {
        const string ns = "http://purl.org/adms/licencetype/";
        if (license == DcatLicenses.Cc0) return [Iri.Create(ns + "PublicDomain")];
        if (!license.StartsWith("http://creativecommons.org/licenses/", StringComparison.Ordinal)) return [];
        var code = license["http://creativecommons.org/licenses/".Length..].Split('/')[0];
        // DCAT-AP allows one licence type; the most restrictive element of the CC code is the informative one.
        var type = code.Contains("nd") ? "NoDerivativeWork" : code.Contains("nc") ? "NonCommercialUseOnly" : code.Contains("sa") ? "ShareAlike" : "Attribution";
        return [Iri.Create(ns + type)];
    }

    public IEnumerable<RdfDescription> Declare(Iri iri, params Iri[] types)
    {
        if (!MarkDeclared(iri.Value)) yield break;
        var d = new RdfDescription(iri);
        foreach (var t in types) d.AddType(t);
        yield return d;
    }

    /// <summary>Types a vocabulary concept once per document, with its labels (the EU shapes require skos:prefLabel).</summary>
    public IEnumerable<RdfDescription> DeclareConcept(Iri iri, Iri? scheme, params Iri[] extraTypes)
    {
        if (!MarkDeclared(iri.Value)) yield break;
        var d = new RdfDescription(iri).AddType(SkosConcept);
        foreach (var t in extraTypes) d.AddType(t);
        var (sv, en) = DcatLabels.For(iri.Value);
        d.Add(SkosPrefLabel, Literal.LanguageTagged(sv, "sv")).Add(SkosPrefLabel, Literal.LanguageTagged(en, "en"));
        if (scheme is not null) d.Add(SkosInScheme, scheme);
        yield return d;
    }
}
