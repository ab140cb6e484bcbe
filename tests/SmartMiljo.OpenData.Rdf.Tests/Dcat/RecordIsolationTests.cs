using System.Text;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Dcat;

/// <summary>
/// Stored metadata that breaks the rules (legacy data, or set around the entry points) costs its own value
/// or record, never the catalogue: every format stays complete and readable by rapper and rdflib.
/// </summary>
public sealed class RecordIsolationTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>Every bad value the issue reproduced, on one organisation.</summary>
    private static readonly DcatOrganisation Broken = new()
    {
        Slug = "trasig",
        Name = "Trasiga kommun",
        OrganisationNumber = "2120000019",
        Homepage = "javascript:alert(1)",
        ContactEmail = "kontakt at kommun.se",
        ContactPhone = "Ring växeln",
        SpatialIri = "https://example.org/plats>",
    };

    private static IReadOnlyList<DcatDataset> BrokenDatasets() =>
    [
        DemoCatalogue.Badplatser("trasig") with { Slug = "tom-titel", Title = new("  ", "Empty") },
        DemoCatalogue.Badplatser("trasig") with
        {
            Slug = "dalig-metadata",
            Themes = ["ENVI", "http://example.org/not-a-eu-theme", "MILJO"],
            Contact = new DcatContact("Enheten", "kontakt at kommun.se", "Ring växeln"),
            LandingPage = "https://www.trasig.se/sida>",
            Keywords = [new("ok"), new("bad\u0001keyword"), new("fel språk", "sv SE")],
            SustainableDevelopmentGoals = [3, 18],
        },
        DemoCatalogue.Badplatser("trasig") with { Slug = "ogiltig-licens", LicenseIri = "se licensvillkoren" },
    ];

    private static IReadOnlyList<DcatOrganisationCatalogue> Catalogue() =>
    [
        DemoCatalogue.Organisations()[0],
        new(Broken, DemoCatalogue.Async(BrokenDatasets())),
        DemoCatalogue.Organisations()[1],
    ];

    private static readonly Dictionary<RdfSerialization, (string Extension, string? Rapper)> Formats = new()
    {
        [RdfSerialization.RdfXml] = ("rdf", "rdfxml"),
        [RdfSerialization.Turtle] = ("ttl", "turtle"),
        [RdfSerialization.NTriples] = ("nt", "ntriples"),
        [RdfSerialization.JsonLd] = ("jsonld", null),
    };

    [Fact]
    public async Task Bad_stored_values_are_dropped_and_reported_and_every_format_stays_readable()
    {
        foreach (var (format, (extension, rapper)) in Formats)
        {
            var omissions = new List<DcatOmission>();
            var file = _dir.File("catalogue." + extension);
            await using (var stream = File.Create(file))
                await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, Catalogue(), format, onOmission: omissions.Add);

            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("javascript:", text);
            Assert.DoesNotContain("kontakt at kommun.se", text);
            Assert.DoesNotContain("Ring växeln", text);
            Assert.DoesNotContain("MILJO", text);
            Assert.DoesNotContain("sida>", text);

            var graph = RdfParser.LoadFile(file, format);
            string Dataset(string org, string slug) => $"{DemoCatalogue.BaseUrl}/datasets/{org}/{slug}";
            bool Has(string iri) => graph.HasType(Iri.Create(iri), Vocab.Dcat.Dataset);
            // The other organisations are whole.
            Assert.True(Has(Dataset("harryda", "badplatser")), format.ToString());
            Assert.True(Has(Dataset("mariestad", "badplatser")));
            Assert.True(Has(Dataset("mariestad", "luftkvalitet")));
            // The broken organisation keeps what can be written.
            Assert.True(Has(Dataset("trasig", "dalig-metadata")));
            Assert.False(Has(Dataset("trasig", "tom-titel")));
            Assert.False(Has(Dataset("trasig", "ogiltig-licens")));
            var kept = Iri.Create(Dataset("trasig", "dalig-metadata"));
            Assert.Equal(["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
                graph.Objects(kept, Vocab.Dcat.Theme).Select(t => ((Iri)t).Value).ToList());
            Assert.Empty(graph.Objects(kept, Vocab.Dcat.LandingPage));
            Assert.Equal(["ok"], graph.Objects(kept, Vocab.Dcat.Keyword).Select(k => ((Literal)k).Lexical).ToList());
            Assert.Single(graph.Objects(kept, Vocab.Dct.Subject)); // SDG 3; 18 is dropped
            // Without a valid e-mail of its own or of the organisation, the dataset has no contact.
            Assert.Empty(graph.Objects(kept, Vocab.Dcat.ContactPoint));
            var catalogue = Iri.Create($"{DemoCatalogue.BaseUrl}/datasets/dcat/trasig");
            Assert.Empty(graph.Objects(catalogue, Vocab.Foaf.Homepage));
            Assert.Equal([kept], graph.Objects(catalogue, Vocab.Dcat.DatasetProperty).ToList());

            Assert.Contains(omissions, o => o.Record == "dataset trasig/tom-titel" && o.RecordDropped);
            Assert.Contains(omissions, o => o.Record == "dataset trasig/ogiltig-licens" && o.RecordDropped);
            foreach (var field in new[] { "homepage", "contactEmail", "contactPhone", "spatialIri" })
                Assert.Contains(omissions, o => o.Record == "organisation trasig" && o.Field == field && !o.RecordDropped);
            foreach (var field in new[] { "themes", "contactEmail", "contactPhone", "landingPage", "keywords", "sustainableDevelopmentGoals" })
                Assert.Contains(omissions, o => o.Record == "dataset trasig/dalig-metadata" && o.Field == field);

            // rapper counts repeated statements (a shared documentation page is typed once per dataset); rdflib does not.
            if (rapper is not null) Assert.Equal(CountStatements(file, format), await ExternalTool.RapperCountAsync(file, rapper));
            Assert.Equal(graph.Count, await RdflibCountAsync(file, extension));
        }
    }

    [Fact]
    public async Task A_record_that_fails_half_way_leaves_no_trace_and_its_vocabulary_is_still_declared_for_the_next()
    {
        // The first dataset declares the AGRI theme, then fails at its checksum; the second uses AGRI too.
        var failing = DemoCatalogue.Badplatser("harryda") with
        {
            Slug = "a-trasig", Themes = ["AGRI"],
            Distributions = [DemoCatalogue.Badplatser("harryda").Distributions[0] with { Sha256 = "abc" }],
        };
        var good = DemoCatalogue.Badplatser("harryda") with { Slug = "b-hel", Themes = ["AGRI"] };
        foreach (var (format, (extension, _)) in Formats)
        {
            var omissions = new List<DcatOmission>();
            var file = _dir.File("half." + extension);
            await using (var stream = File.Create(file))
                await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance,
                    [new DcatOrganisationCatalogue(DemoCatalogue.Harryda, DemoCatalogue.Async([failing, good]))], format, onOmission: omissions.Add);
            var graph = RdfParser.LoadFile(file, format);
            Assert.DoesNotContain(graph.Triples, t => t.Subject is Iri s && s.Value.Contains("a-trasig") || t.Object is Iri o && o.Value.Contains("a-trasig"));
            Assert.True(graph.HasType(Iri.Create("http://publications.europa.eu/resource/authority/data-theme/AGRI"), Iri.Create("http://www.w3.org/2004/02/skos/core#Concept")), format.ToString());
            Assert.Contains(omissions, o => o.Record == "dataset harryda/a-trasig" && o.RecordDropped && o.Message.Contains("64 hex digits"));
            Assert.Equal(graph.Count, await RdflibCountAsync(file, extension));
        }
    }

    [Fact]
    public async Task An_organisation_whose_only_datasets_fail_is_left_out_and_does_not_suppress_declarations()
    {
        var org = DemoCatalogue.Harryda with { Slug = "ensam" };
        var onlyBad = DemoCatalogue.Badplatser("ensam") with { Title = new("", null) };
        var file = _dir.File("empty.ttl");
        await using (var stream = File.Create(file))
            await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance,
                [new DcatOrganisationCatalogue(org, DemoCatalogue.Async([onlyBad])), DemoCatalogue.Organisations()[0]], RdfSerialization.Turtle);
        var graph = RdfParser.LoadFile(file, RdfSerialization.Turtle);
        Assert.False(graph.HasType(Iri.Create($"{DemoCatalogue.BaseUrl}/datasets/dcat/ensam"), Vocab.Dcat.Catalog));
        // Härryda's catalogue (written after) still carries its own agent and contact, declared in full.
        Assert.True(graph.HasType(Iri.Create($"{DemoCatalogue.BaseUrl}/datasets/dcat/harryda"), Vocab.Dcat.Catalog));
        Assert.True(graph.HasType(Iri.Create(DcatIris.Publisher("2120001488")), Vocab.Foaf.Agent));
    }

    [Theory]
    [InlineData(RdfSerialization.RdfXml)]
    [InlineData(RdfSerialization.JsonLd)]
    [InlineData(RdfSerialization.Turtle)]
    public async Task The_writer_takes_a_record_it_cannot_write_back_out_of_its_buffer(RdfSerialization format)
    {
        // A property ending in a digit has no XML name: RDF/XML cannot write it, the other syntaxes can.
        var unwritableInXml = Iri.Create("http://example.org/vocab/1");
        using var stream = new MemoryStream();
        var writer = RdfWriter.Create(stream, format);
        await using (writer)
        {
            await writer.WriteRecordAsync([new RdfDescription(Iri.Create("http://example.org/a")).Add(Vocab.Dct.Title, Literal.Plain("A"))]);
            try
            {
                await writer.WriteRecordAsync([
                    new RdfDescription(Iri.Create("http://example.org/b")).Add(Vocab.Dct.Title, Literal.Plain("B")),
                    new RdfDescription(Iri.Create("http://example.org/b")).Add(unwritableInXml, Literal.Plain("x")),
                ]);
                Assert.NotEqual(RdfSerialization.RdfXml, format);
            }
            catch (RdfException) when (format == RdfSerialization.RdfXml)
            {
            }
            await writer.WriteRecordAsync([new RdfDescription(Iri.Create("http://example.org/c")).Add(Vocab.Dct.Title, Literal.Plain("C"))]);
            await writer.CompleteAsync();
        }
        stream.Position = 0;
        var graph = RdfParser.Load(stream, format);
        Assert.Equal(format == RdfSerialization.RdfXml ? 2 : 4, graph.Count);
        Assert.Equal(format != RdfSerialization.RdfXml, graph.Subjects.Contains(Iri.Create("http://example.org/b")));
    }

    private static int CountStatements(string file, RdfSerialization format)
    {
        int count = 0;
        using var stream = File.OpenRead(file);
        RdfParser.Parse(stream, format, _ => count++);
        return count;
    }

    private static async Task<int> RdflibCountAsync(string file, string extension)
    {
        const string script = """
            import sys
            from rdflib import Graph
            fmts = {'rdf': 'xml', 'ttl': 'turtle', 'nt': 'nt', 'jsonld': 'json-ld'}
            g = Graph()
            g.parse(sys.argv[1], format=fmts[sys.argv[2]])
            print(len(g))
            """;
        var result = await ExternalTool.RunAsync("/usr/bin/python3", ["-c", script, file, extension], "python3-rdflib");
        Assert.True(result.ExitCode == 0, $"rdflib cannot read {Path.GetFileName(file)}:\n{result.StdErr}");
        return int.Parse(result.StdOut.Trim());
    }
}
