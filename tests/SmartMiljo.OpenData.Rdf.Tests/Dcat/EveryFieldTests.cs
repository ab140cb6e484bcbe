using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Shacl;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Dcat;

/// <summary>A catalogue whose datasets use every field a publisher can set, against every shape set.</summary>
public sealed class EveryFieldTests
{
    /// <summary>The high-value demo dataset with every optional field filled as well.</summary>
    public static DcatDataset EveryField(string org) => DemoCatalogue.Luftkvalitet(org) with
    {
        Keywords = [new("luftkvalitet"), new("miljö"), new("air quality", "en"), new("air", "en-t-sv-t0-mtec")],
        OtherLanguages = [new("de", "Luftqualität in Mariestad", "Messwerte der Luftqualität."), new("fi-t-sv-t0-mtec", "Ilmanlaatu", null)],
        Spatial = ["https://sws.geonames.org/2699050/", "http://publications.europa.eu/resource/authority/country/SWE"],
        SpecificationIri = "https://dataportal.se/specifications/luftkvalitet/1.0",
        ConformsTo = ["https://dataportal.se/specifications/luftkvalitet/1.0", "https://www.iso.org/standard/75485.html"],
        Documentation = ["https://data.exempel.se/docs/luftkvalitet"],
        LandingPage = "https://www.mariestad.se/luftkvalitet",
        SustainableDevelopmentGoals = [3, 11],
        Identifier = "mariestad-luftkvalitet",
        SeriesIri = "https://data.exempel.se/series/mariestad/luftkvalitet",
        Contact = new DcatContact("Miljöförvaltningen", "miljo@mariestad.se", "+46 501-75 50 00", new DcatAddress("Kyrkogatan 2", "542 86", "Mariestad")),
    };

    /// <summary>A record harvested from another catalogue: its IRI, identifier and publisher are the source's.</summary>
    public static DcatDataset Harvested(string org) => DemoCatalogue.Badplatser(org) with
    {
        Slug = "harvested",
        OriginalIri = "https://katalog.exempel.org/store/1/resource/42",
        Identifier = "42",
        Publisher = new DcatPublisherReference("Västra Götalandsregionen", "http://dataportal.se/organisation/SE2321000131", AdmsPublisherType.RegionalAuthority),
        ODataService = null,
    };

    private static async Task<RdfGraph> GraphAsync()
    {
        using var stream = new MemoryStream();
        var organisations = new List<DcatOrganisationCatalogue>
        {
            new(DemoCatalogue.Mariestad, DemoCatalogue.Async([EveryField("mariestad"), Harvested("mariestad")])),
        };
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, organisations, RdfSerialization.Turtle);
        stream.Position = 0;
        return RdfParser.Load(stream, RdfSerialization.Turtle);
    }

    [Fact]
    public async Task A_catalogue_using_every_field_has_no_violations_in_any_shape_set()
    {
        var report = Shapes.All.Validate(await GraphAsync());
        foreach (var set in report.Sets)
            Assert.True(set.Report.Violations == 0, set.Name + ":\n" + string.Join("\n", set.Report.Results.Where(r => r.Severity == ShaclSeverity.Violation).Select(r => $"{r.FocusNode} {r.Path}: {r.Message}")));
        Assert.Equal(2, report.Datasets);
    }

    /// <summary>The EU vocabulary shapes' schemes: ADMS licence types in licencetype/1.0, languages in the EU language table.</summary>
    [Fact]
    public async Task Licence_types_and_the_language_are_in_the_schemes_the_EU_shapes_expect()
    {
        var graph = await GraphAsync();
        var swedish = Iri.Create("http://publications.europa.eu/resource/authority/language/SWE");
        Assert.Contains(Iri.Create("http://publications.europa.eu/resource/authority/language"), graph.Objects(swedish, Iri.Create("http://www.w3.org/2004/02/skos/core#inScheme")));
        var types = graph.Objects(Iri.Create("http://creativecommons.org/publicdomain/zero/1.0/"), Vocab.Dct.Type).OfType<Iri>().ToList();
        Assert.NotEmpty(types);
        foreach (var type in types)
            Assert.Equal([Iri.Create("http://purl.org/adms/licencetype/1.0")], graph.Objects(type, Iri.Create("http://www.w3.org/2004/02/skos/core#inScheme")).ToArray());
    }

    [Fact]
    public async Task A_harvested_record_keeps_its_IRI_identifier_and_publisher()
    {
        var graph = await GraphAsync();
        var record = Iri.Create("https://katalog.exempel.org/store/1/resource/42");
        Assert.True(graph.HasType(record, Vocab.Dcat.Dataset));
        Assert.Equal([Literal.Plain("42")], graph.Objects(record, Vocab.Dct.Identifier).ToArray());
        var publisher = Assert.IsType<Iri>(Assert.Single(graph.Objects(record, Vocab.Dct.Publisher)));
        Assert.Equal("http://dataportal.se/organisation/SE2321000131", publisher.Value);
        Assert.Contains(graph.Objects(publisher, Vocab.Foaf.Name), n => n is Literal { Lexical: "Västra Götalandsregionen" });
        Assert.DoesNotContain(graph.InstancesOf(Vocab.Dcat.Dataset).OfType<Iri>(), d => d.Value.EndsWith("/harvested", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keywords_keep_their_language_tags_including_machine_translations()
    {
        var graph = await GraphAsync();
        var dataset = Iri.Create("https://data.exempel.se/datasets/mariestad/luftkvalitet");
        var keywords = graph.Objects(dataset, Vocab.Dcat.Keyword).OfType<Literal>().Select(l => $"{l.Lexical}@{l.Language}").Order().ToArray();
        Assert.Equal(["air quality@en", "air@en-t-sv-t0-mtec", "luftkvalitet@sv", "miljö@sv"], keywords);
    }

    [Fact]
    public async Task Titles_and_descriptions_in_other_languages_and_machine_translations_are_written_under_their_tags()
    {
        var graph = await GraphAsync();
        var dataset = Iri.Create("https://data.exempel.se/datasets/mariestad/luftkvalitet");
        var titles = graph.Objects(dataset, Vocab.Dct.Title).OfType<Literal>().Select(l => $"{l.Lexical}@{l.Language}").ToList();
        Assert.Contains("Luftqualität in Mariestad@de", titles);
        Assert.Contains("Ilmanlaatu@fi-t-sv-t0-mtec", titles);
        var descriptions = graph.Objects(dataset, Vocab.Dct.Description).OfType<Literal>().Select(l => $"{l.Lexical}@{l.Language}").ToList();
        Assert.Contains("Messwerte der Luftqualität.@de", descriptions);
        Assert.DoesNotContain(descriptions, d => d.EndsWith("@fi-t-sv-t0-mtec", StringComparison.Ordinal));
    }
}
