using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Dcat;

/// <summary>The published catalogue checked by independent parsers: raptor (rapper) and rdflib.</summary>
public sealed class CatalogueOracleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> WriteAsync(RdfSerialization format)
    {
        var file = _dir.File("catalogue." + format.FileExtension());
        await using (var stream = File.Create(file))
            await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, DemoCatalogue.Organisations(), format);
        return file;
    }

    private static string RapperSyntax(RdfSerialization format) => format switch
    {
        RdfSerialization.RdfXml => "rdfxml",
        RdfSerialization.Turtle => "turtle",
        RdfSerialization.NTriples => "ntriples",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    [Fact]
    public async Task Rapper_parses_every_serialisation_we_write_with_the_same_triple_count()
    {
        var counts = new Dictionary<RdfSerialization, int>();
        foreach (var format in new[] { RdfSerialization.RdfXml, RdfSerialization.Turtle, RdfSerialization.NTriples })
            counts[format] = await ExternalTool.RapperCountAsync(await WriteAsync(format), RapperSyntax(format));

        Assert.True(counts[RdfSerialization.RdfXml] > 200, $"suspiciously small catalogue: {counts[RdfSerialization.RdfXml]} triples");
        Assert.Equal(counts[RdfSerialization.RdfXml], counts[RdfSerialization.Turtle]);
        Assert.Equal(counts[RdfSerialization.RdfXml], counts[RdfSerialization.NTriples]);
    }

    [Fact]
    public async Task Rapper_reads_the_Swedish_rules_from_our_RdfXml()
    {
        var file = await WriteAsync(RdfSerialization.RdfXml);
        var result = await ExternalTool.RunAsync("rapper", ["-q", "-i", "rdfxml", "-o", "ntriples", file], "raptor2-utils");
        Assert.Equal(0, result.ExitCode);
        var nt = result.StdOut;

        const string ds = "<https://data.exempel.se/datasets/harryda/badplatser>";
        Assert.Contains($"{ds} <http://purl.org/dc/terms/publisher> <http://dataportal.se/organisation/SE2120001488> .", nt);
        Assert.Contains($"{ds} <http://purl.org/dc/terms/title> \"Badplatser\"@sv .", nt);
        Assert.Contains($"{ds} <http://purl.org/dc/terms/title> \"Bathing sites\"@en .", nt);
        Assert.Contains("<http://dataportal.se/organisation/SE2120001488> <http://purl.org/dc/terms/type> <http://purl.org/adms/publishertype/LocalAuthority> .", nt);
        // Licence normalised from https://…/deed.sv to the exact CC0 IRI.
        Assert.Contains("<https://data.exempel.se/datasets/harryda/badplatser#distribution-csv> <http://purl.org/dc/terms/license> <http://creativecommons.org/publicdomain/zero/1.0/> .", nt);
        Assert.Contains("<https://data.exempel.se/datasets/harryda/badplatser#distribution-csv> <http://purl.org/dc/terms/format> <http://publications.europa.eu/resource/authority/file-type/CSV> .", nt);
        Assert.Contains("<https://data.exempel.se/datasets/harryda/badplatser#distribution-csv> <http://www.w3.org/ns/dcat#mediaType> <https://www.iana.org/assignments/media-types/text/csv> .", nt);
        Assert.Contains("<https://data.exempel.se/datasets/harryda/badplatser#distribution-csv> <http://www.w3.org/ns/dcat#byteSize> \"18234\"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .", nt);
        Assert.Contains("<https://data.exempel.se/datasets/harryda/badplatser#distribution-geojson> <http://www.w3.org/ns/dcat#downloadURL> <https://data.exempel.se/download/harryda/badplatser.geojson?v=3&format=geojson> .", nt);
        Assert.Contains($"{ds} <http://purl.org/dc/terms/accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/DAILY> .", nt);
        Assert.Contains($"{ds} <http://purl.org/dc/terms/subject> <http://metadata.un.org/sdg/6> .", nt);
        Assert.Contains($"{ds} <http://purl.org/dc/terms/issued> \"2025-05-01T00:00:00Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .", nt);
        Assert.Contains("<https://data.exempel.se/datasets/dcat> <http://purl.org/dc/terms/hasPart> <https://data.exempel.se/datasets/dcat/mariestad> .", nt);
        Assert.Contains("<https://data.exempel.se/datasets/mariestad/badplatser#odata-service> <http://www.w3.org/ns/dcat#endpointDescription> <https://data.exempel.se/odata/mariestad/badplatser/$metadata> .", nt);
        Assert.Contains("<http://dataportal.se/organisation/SE2120001637>", nt); // hyphenated organisationsnummer normalised
        // Escaping survives a foreign parser: quotes, ampersand, angle brackets, non-ASCII, newline.
        Assert.Contains("\"Luftkvalitet \\u2013 m\\u00E4tstationer \\\"realtid\\\" & <historik>\"@sv", nt);
        Assert.Contains("tillg\\u00E4nglighet.\\nEnligt", nt);
        // An organisation without datasets is left out rather than published as an invalid empty catalogue.
        Assert.DoesNotContain("/datasets/dcat/tom", nt);
        // No blank node for catalogue, dataset, distribution, publisher or contact.
        foreach (var type in new[] { "Catalog", "Dataset", "Distribution", "DataService" })
            Assert.DoesNotMatch($"^_:\\S+ <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#{type}>", nt);
    }

    [Fact]
    public async Task Rdflib_finds_all_four_serialisations_isomorphic()
    {
        var files = new List<string>();
        foreach (var format in RdfSerializations.All) files.Add(await WriteAsync(format));
        const string script = """
            import sys
            from rdflib import Graph
            from rdflib.compare import isomorphic
            fmts = {'rdf': 'xml', 'ttl': 'turtle', 'nt': 'nt', 'jsonld': 'json-ld'}
            graphs = []
            for path in sys.argv[1:]:
                g = Graph()
                g.parse(path, format=fmts[path.rsplit('.', 1)[1]])
                graphs.append((path, g))
            base_path, base = graphs[0]
            for path, g in graphs[1:]:
                if not isomorphic(base, g):
                    print('NOT ISOMORPHIC', base_path, len(base), path, len(g))
                    sys.exit(1)
            print('OK', len(base))
            """;
        var result = await ExternalTool.RunAsync("/usr/bin/python3", ["-c", script, .. files], "python3-rdflib");
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.StartsWith("OK ", result.StdOut);
        Assert.True(int.Parse(result.StdOut[3..].Trim()) > 200);
    }
}
