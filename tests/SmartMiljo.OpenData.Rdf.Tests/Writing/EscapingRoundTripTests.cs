using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Writing;

/// <summary>Hostile strings and IRIs survive every writer, our parsers and the external oracles.</summary>
public sealed class EscapingRoundTripTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly string[] NastyTexts =
    [
        "quote \" and ''' and \"\"\" triple quotes",
        "ends with a quote\"",
        "backslash \\ and \\n literal backslash-n",
        "line one\nline two\r\nwindows line\ttab",
        "xml <tag attr=\"x\"> & ]]> &amp; entity",
        "åäö ÅÄÖ – € 中文 emoji 😀 combining é",
        "control \u0001 and \u001F and DEL \u007F",
        "",
        "   leading and trailing spaces   ",
        "json \u2028 line separator",
    ];

    private static RdfGraph NastyGraph()
    {
        var g = new RdfGraph();
        var subject = Iri.Create("https://data.exempel.se/datasets/test/x?a=1&b=<2>".Replace("<", "%3C").Replace(">", "%3E"));
        var p = Iri.Create("http://purl.org/dc/terms/description");
        for (int i = 0; i < NastyTexts.Length; i++)
        {
            g.Add(subject, p, Literal.LanguageTagged(NastyTexts[i] + " #" + i, "sv"));
            g.Add(subject, Iri.Create("http://example.org/p" + i), Literal.Plain(NastyTexts[i]));
        }
        g.Add(subject, Iri.Create("http://example.org/iri"), Iri.Create("https://exempel.se/väg/ä?q=ö&x=y#frag"));
        g.Add(subject, Iri.Create("http://example.org/ns#weird-local.name"), Literal.Typed("42", Vocab.Xsd.Integer));
        g.Add(subject, Iri.Create("http://example.org/unknown/ns/property"), Literal.Typed("2024-01-01", Vocab.Xsd.Date));
        g.Add(new BlankNode("has space!"), Iri.Create("http://example.org/p"), new BlankNode("g_1"));
        return g;
    }

    [Theory]
    [InlineData(RdfSerialization.RdfXml)]
    [InlineData(RdfSerialization.Turtle)]
    [InlineData(RdfSerialization.NTriples)]
    [InlineData(RdfSerialization.JsonLd)]
    public async Task Our_parser_reads_back_what_our_writer_wrote(RdfSerialization format)
    {
        var graph = NastyGraph();
        using var stream = new MemoryStream();
        await graph.WriteAsync(stream, format);
        stream.Position = 0;
        var read = RdfParser.Load(stream, format);

        if (format == RdfSerialization.RdfXml)
        {
            // XML 1.0 cannot carry most C0 controls: they become U+FFFD, everything else is exact.
            var expected = new RdfGraph();
            foreach (var t in graph.Triples)
                expected.Add(t.Object is Literal l && l.Lexical.Any(c => c < ' ' && c is not ('\n' or '\r' or '\t'))
                    ? t with { Object = l.Language is null ? Literal.Plain(Replace(l.Lexical)) : Literal.LanguageTagged(Replace(l.Lexical), l.Language) }
                    : t);
            GraphAssert.Isomorphic(expected, read);
        }
        else
        {
            GraphAssert.Isomorphic(graph, read);
        }

        static string Replace(string s) => new(s.Select(c => c < ' ' && c is not ('\n' or '\r' or '\t') ? '\uFFFD' : c).ToArray());
    }

    [Fact]
    public async Task Rapper_and_rdflib_accept_the_hostile_graph_in_every_syntax()
    {
        var graph = NastyGraph();
        var files = new Dictionary<RdfSerialization, string>();
        foreach (var format in RdfSerializations.All)
        {
            var file = _dir.File("nasty." + format.FileExtension());
            await using (var s = File.Create(file)) await graph.WriteAsync(s, format);
            files[format] = file;
        }
        Assert.Equal(graph.Count, await ExternalTool.RapperCountAsync(files[RdfSerialization.Turtle], "turtle"));
        Assert.Equal(graph.Count, await ExternalTool.RapperCountAsync(files[RdfSerialization.NTriples], "ntriples"));
        Assert.Equal(graph.Count, await ExternalTool.RapperCountAsync(files[RdfSerialization.RdfXml], "rdfxml"));
        // rdflib 6's N-Triples reader decodes "\\n" wrongly (backslash + newline), so our N-Triples reaches
        // rdflib through rapper: rapper re-serialises it as Turtle, which rdflib compares with ours.
        var viaRapper = await ExternalTool.RunAsync("rapper", ["-q", "-i", "ntriples", "-o", "turtle", files[RdfSerialization.NTriples]], "raptor2-utils");
        Assert.Equal(0, viaRapper.ExitCode);
        var rapperTurtle = _dir.File("rapper.ttl");
        await File.WriteAllTextAsync(rapperTurtle, viaRapper.StdOut);
        await Rdflib.AssertIsomorphicAsync([
            (files[RdfSerialization.Turtle], rapperTurtle, null),
            (files[RdfSerialization.JsonLd], files[RdfSerialization.Turtle], null),
        ]);
    }

    [Fact]
    public async Task RdfXml_escapes_markup_in_text_and_attributes()
    {
        var g = new RdfGraph();
        g.Add(Iri.Create("http://x.se/a?b=1&c=2"), Iri.Create("http://purl.org/dc/terms/title"), Literal.Plain("<b>fet</b> & \"citat\""));
        using var stream = new MemoryStream();
        await g.WriteAsync(stream, RdfSerialization.RdfXml);
        var xml = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("rdf:about=\"http://x.se/a?b=1&amp;c=2\"", xml);
        Assert.Contains("&lt;b&gt;fet&lt;/b&gt; &amp; \"citat\"", xml);
    }
}
