using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Parsing;

/// <summary>Our parsers against rdflib: what we read from real files must be exactly what rdflib reads.</summary>
public sealed class ParserOracleTests : IDisposable
{
    private const string Base = "http://example.org/base/doc";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Files() =>
    [
        "reference/dcat-ap-se-examples/exempel_obligatoriskt.rdf",
        "reference/dcat-ap-se-examples/exempel_obligatoriskt.ttl",
        "reference/dcat-ap-se-examples/exempel_rekommenderat.rdf",
        "reference/dcat-ap-se-examples/exempel_rekommenderat.ttl",
        "sample-data/harryda_dcat_ap_se_dataset.rdf",
        "sample-data/trollhattan_dcat_dataset.rdf",
        "reference/dcat-ap-shacl/dcat-ap-3.0.1-shapes.ttl",
        "reference/dcat-ap-shacl/dcat-ap-3.0.1-shapes-recommended.ttl",
        "reference/dcat-ap-shacl/dcat-ap-3.0.1-range.ttl",
        "reference/dcat-ap-shacl/dcat-ap-3.0.1-mdr-vocabularies.shape.ttl",
        "reference/dcat-ap-shacl/dcat-ap-hvd-3.0.0-shapes.ttl",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task We_read_the_shared_files_exactly_as_rdflib_does(string relativePath)
    {
        var source = SharedFiles.Path(relativePath.Split('/'));
        var graph = RdfParser.LoadFile(source, baseIri: Base);
        Assert.True(graph.Count > 5, $"only {graph.Count} triples read from {relativePath}");

        var ours = _dir.File("ours.nt");
        await using (var stream = File.Create(ours)) await graph.WriteAsync(stream, RdfSerialization.NTriples);
        await Rdflib.AssertIsomorphicAsync([(source, ours, Base)]);
    }

    [Fact]
    public async Task We_read_back_every_serialisation_of_our_catalogue_as_the_same_graph()
    {
        var graphs = new Dictionary<RdfSerialization, RdfGraph>();
        var pairs = new List<(string, string, string?)>();
        foreach (var format in RdfSerializations.All)
        {
            var file = _dir.File("catalogue." + format.FileExtension());
            await using (var stream = File.Create(file))
                await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, DemoCatalogue.Organisations(), format);
            graphs[format] = RdfParser.LoadFile(file);
            var ours = _dir.File($"reparsed-{format}.nt");
            await using (var stream = File.Create(ours)) await graphs[format].WriteAsync(stream, RdfSerialization.NTriples);
            pairs.Add((file, ours, null));
        }
        foreach (var format in RdfSerializations.All) GraphAssert.Isomorphic(graphs[RdfSerialization.RdfXml], graphs[format]);
        await Rdflib.AssertIsomorphicAsync(pairs);
    }
}
