using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Shacl;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Shacl;

/// <summary>Our published catalogue against the EU 3.0.1 shapes, the HVD shapes and our DCAT-AP-SE shapes.</summary>
public sealed class DcatValidationTests
{
    private static async Task<RdfGraph> DemoGraphAsync(RdfSerialization format = RdfSerialization.RdfXml)
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, DemoCatalogue.Organisations(), format);
        stream.Position = 0;
        return RdfParser.Load(stream, format);
    }

    private static string Describe(ShaclReport report) => string.Join("\n", report.Results.Select(r => $"{r.Severity} {r.FocusNode}: {r.Message}"));

    [Fact]
    public async Task The_demo_catalogue_has_no_violations_in_any_shape_set()
    {
        var report = Shapes.All.Validate(await DemoGraphAsync());

        Assert.Equal(["eu-core", "eu-recommended", "eu-range", "eu-hvd", "dcat-ap-se"], report.Sets.Select(s => s.Name).ToArray());
        foreach (var set in report.Sets) Assert.True(set.Report.Violations == 0, set.Name + ":\n" + Describe(set.Report));
        Assert.True(report.Conforms);
        Assert.Equal(3, report.Datasets);
    }

    [Fact]
    public async Task The_HVD_shapes_see_the_high_value_dataset_and_only_it()
    {
        var graph = await DemoGraphAsync();
        var hvd = DcatValidator.HighValueSubgraph(graph);
        var datasets = hvd.InstancesOf(Vocab.Dcat.Dataset).OfType<Iri>().Select(i => i.Value).ToList();
        Assert.Equal(["https://data.exempel.se/datasets/mariestad/luftkvalitet"], datasets);
        Assert.Contains(hvd.InstancesOf(Vocab.Dcat.DataService), s => ((Iri)s).Value.EndsWith("luftkvalitet#odata-service"));
        // The two files; the OData service is reached through them (dcat:accessService), not as a distribution of its own.
        Assert.Equal(2, hvd.InstancesOf(Vocab.Dcat.Distribution).Count());
        Assert.All(hvd.InstancesOf(Vocab.Dcat.Distribution), d => Assert.NotEmpty(hvd.Objects(d, Vocab.Dcat.AccessService)));

        var set = Shapes.All.ShapeSets.Single(s => s.Name == "eu-hvd");
        Assert.True(set.Validator.Validate(hvd).Conforms);
        // The same shapes on the whole catalogue flag the ordinary datasets: the subgraph is what makes HVD validation meaningful.
        var whole = set.Validator.Validate(graph);
        Assert.Contains(whole.Results, r => r.FocusNode.Contains("harryda/badplatser") && r.Message.Contains("dcatap:hvdCategory"));
    }

    [Fact]
    public async Task Recommended_shapes_only_warn_about_open_periods_and_place_IRIs_without_a_box()
    {
        var report = Shapes.All.Validate(await DemoGraphAsync());
        var warnings = report.Sets.Single(s => s.Name == "eu-recommended").Report.Results;
        Assert.All(warnings, w => Assert.Equal(ShaclSeverity.Warning, w.Severity));
        // The two badplatser datasets start in 2023 with no end; the place IRIs (GeoNames, EU country) carry no bbox.
        Assert.Equal(2, warnings.Count(w => w.Path == "dcat:endDate"));
        Assert.All(warnings.Where(w => w.Path is "dcat:bbox" or "dcat:centroid"), w => Assert.DoesNotContain("exempel.se", w.FocusNode));
        Assert.Equal(warnings.Count, warnings.Count(w => w.Path is "dcat:endDate" or "dcat:bbox" or "dcat:centroid"));
    }

    [Fact]
    public async Task Every_serialisation_validates_the_same()
    {
        var counts = new List<(int, int)>();
        foreach (var format in RdfSerializations.All)
        {
            var report = Shapes.All.Validate(await DemoGraphAsync(format));
            counts.Add((report.Violations, report.Warnings));
        }
        Assert.All(counts, c => Assert.Equal(counts[0], c));
        Assert.Equal(0, counts[0].Item1);
    }

    private const string Broken = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix dcatap: <http://data.europa.eu/r5r/> .

        <https://x.se/datasets/dcat> a dcat:Catalog ;
            dct:title "Katalog" ;
            dct:description "Utan språktagg"@sv ;
            dct:publisher <https://x.se/publisher> ;
            dct:license <https://creativecommons.org/publicdomain/zero/1.0/deed.sv> ;
            dcat:dataset <https://x.se/datasets/a>, _:anonymousDataset ;
            dcat:record <https://x.se/record/1> .

        <https://x.se/publisher> a foaf:Agent, vcard:Organization ; foaf:name "Xkommun"@sv ;
            vcard:fn "Xkommun" ; vcard:hasEmail <mailto:info@x.se> .

        <https://x.se/datasets/a> a dcat:Dataset ;
            dct:description "Beskrivning"@sv ;
            dct:publisher <https://x.se/publisher> ;
            dcat:contactPoint <https://x.se/publisher> ;
            dcat:keyword "utan tagg" ;
            dct:issued "2023-09-27T13:23:15.522Z"^^xsd:date ;
            dcatap:hvdCategory <http://data.europa.eu/bna/c_dd313021> ;
            dcat:distribution _:blankDistribution .

        _:anonymousDataset a dcat:Dataset ; dct:title "Anonym"@sv ; dct:description "Anonym"@sv ; dct:publisher <https://x.se/publisher> .

        _:blankDistribution a dcat:Distribution ;
            dct:format "text/csv" ;
            dct:license <http://creativecommons.org/licenses/by/4.0/deed.sv> ;
            dcat:byteSize "stor" .
        """;

    [Fact]
    public void A_broken_catalogue_is_caught_with_the_right_messages()
    {
        var report = Shapes.All.Validate(RdfParser.LoadString(Broken, RdfSerialization.Turtle));
        Assert.False(report.Conforms);
        var se = report.Sets.Single(s => s.Name == "dcat-ap-se").Report.Of(ShaclSeverity.Violation).ToList();
        var eu = report.Sets.Single(s => s.Name == "eu-core").Report.Of(ShaclSeverity.Violation).ToList();

        void Expect(IEnumerable<ShaclResult> results, string focus, string messagePart) =>
            Assert.True(results.Any(r => r.FocusNode.Contains(focus) && r.Message.Contains(messagePart, StringComparison.Ordinal)),
                $"expected '{messagePart}' on {focus}; got:\n{string.Join("\n", results.Select(r => r.FocusNode + ": " + r.Message))}");

        // Swedish rules.
        Expect(se, "x.se/datasets/dcat", "title with a language tag");
        Expect(se, "x.se/datasets/dcat", "http://dataportal.se/organisation/SE");
        Expect(se, "x.se/datasets/dcat", "must be licensed CC0");
        Expect(se, "x.se/datasets/dcat", "does not allow dcat:CatalogRecord");
        Expect(se, "x.se/datasets/a", "needs a title");
        Expect(se, "x.se/datasets/a", "Keywords must carry a language tag");
        Expect(se, "x.se/datasets/a", "Distributions are linked by IRI");
        Expect(se, "x.se/datasets/a", "must name the HVD regulation");
        Expect(se, "x.se/datasets/a", "dct:issued must be one xsd:date or xsd:dateTime");
        Expect(se, "blank node", "A dataset must have an IRI");
        Expect(se, "blank node", "A distribution must have an IRI");
        Expect(se, "blank node", "exactly one dcat:accessURL");
        Expect(se, "blank node", "exactly as the Creative Commons IRIs");
        Expect(se, "blank node", "xsd:nonNegativeInteger");
        Expect(se, "x.se/publisher", "exactly one ADMS publisher type");
        Expect(se, "x.se/publisher", "must not conform"); // a contact point that is the publisher
        // The EU core shapes: an IANA literal in dct:format is not accepted. (They check a dataset's dct:issued
        // with the non-SHACL term sh:shape, which every engine ignores; our shapes catch that date above.)
        Expect(eu, "blank node", "dct:format value \"text/csv\" must be an IRI or blank node");
        Expect(eu, "x.se/datasets/a", "dct:title needs at least 1 value");
    }

    [Fact]
    public async Task Validator_flags_the_real_municipal_records_for_their_known_defects()
    {
        await using var file = File.OpenRead(SharedFiles.Path("sample-data", "harryda_dcat_ap_se_dataset.rdf"));
        var report = Shapes.All.Validate(RdfParser.Load(file, RdfSerialization.RdfXml));
        var eu = report.Sets.Single(s => s.Name == "eu-core").Report;
        Assert.Contains(eu.Results, r => r.Message.Contains("\"text/csv\" must be an IRI"));
        Assert.Contains(eu.Results, r => r.Message.Contains("2023-09-27T13:23:15.522Z"));
        var se = report.Sets.Single(s => s.Name == "dcat-ap-se").Report;
        Assert.Contains(se.Results, r => r.Message.Contains("exactly one ADMS publisher type"));
    }
}
