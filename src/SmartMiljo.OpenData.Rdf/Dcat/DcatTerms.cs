namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>The vocabulary IRIs the DCAT mappers write that <see cref="Vocab"/> does not name.</summary>
internal static class DcatTerms
{
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    private const string Eli = "http://data.europa.eu/eli/ontology#";
    public static readonly Iri SkosConcept = Iri.Create(Skos + "Concept");
    public static readonly Iri SkosConceptScheme = Iri.Create(Skos + "ConceptScheme");
    public static readonly Iri SkosInScheme = Iri.Create(Skos + "inScheme");
    public static readonly Iri SkosPrefLabel = Iri.Create(Skos + "prefLabel");
    public static readonly Iri EliLegalResource = Iri.Create(Eli + "LegalResource");
    public static readonly Iri RdfsResource = Iri.Create(Vocab.Rdfs.Namespace + "Resource");
    public static readonly Iri RestArchitecture = Iri.Create("http://www.wikidata.org/entity/Q749568");
    public static readonly Iri Swedish = Iri.Create(DcatVocabularies.SwedishLanguage);
    public static readonly Iri ThemeTaxonomy = Iri.Create(DcatVocabularies.DataThemeTaxonomy);
    public static readonly Iri Cc0 = Iri.Create(DcatLicenses.Cc0);
    public static readonly Iri Stable = Iri.Create(DcatVocabularies.EuAuthority + "planned-availability/STABLE");
    public static readonly Iri HvdLegislation = Iri.Create(DcatVocabularies.HvdLegislation);
    public static readonly Iri FileTypeScheme = Iri.Create(DcatVocabularies.EuAuthority + "file-type");
    public static readonly Iri AvailabilityScheme = Iri.Create(DcatVocabularies.EuAuthority + "planned-availability");
}
