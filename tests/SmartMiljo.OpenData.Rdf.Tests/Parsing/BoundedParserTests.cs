using System.Text;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Parsing;

/// <summary>
/// Hostile nesting must end in a parse error. Without the depth limits each of the deep documents here
/// overflows the stack, which no catch can stop: the whole test process (like the server) dies.
/// </summary>
public sealed class BoundedParserTests
{
    private const string Prefix = "@prefix ex: <http://example.org/> .\n";

    private static string NestedBlankNodes(int depth)
    {
        var sb = new StringBuilder(Prefix).Append("ex:s ex:p ");
        for (int i = 0; i < depth; i++) sb.Append("[ ex:p ");
        sb.Append("1");
        sb.Append(' ', 1).Append(new string(']', depth)).Append(" .\n");
        return sb.ToString();
    }

    private static string NestedCollections(int depth) =>
        Prefix + "ex:s ex:p " + new string('(', depth) + " 1 " + new string(')', depth) + " .\n";

    private static string NestedRdfXml(int depth)
    {
        // dataset → property → node → property → … : each level is one node element and one property element.
        var sb = new StringBuilder("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\">\n");
        for (int i = 0; i < depth; i++) sb.Append("<rdf:Description><ex:p>");
        sb.Append("<rdf:Description ex:leaf=\"x\"/>");
        for (int i = 0; i < depth; i++) sb.Append("</ex:p></rdf:Description>");
        return sb.Append("</rdf:RDF>").ToString();
    }

    private static string NestedJsonLd(int depth)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.Append("{\"http://example.org/p\": ");
        sb.Append("\"leaf\"");
        sb.Append('}', depth);
        return sb.ToString();
    }

    private static RdfException Refused(string text, RdfSerialization format, RdfParseLimits? limits = null) =>
        Assert.Throws<RdfException>(() => RdfParser.LoadString(text, format, limits: limits));

    [Fact]
    public void Turtle_blank_nodes_nested_50000_deep_are_a_parse_error_not_a_stack_overflow()
    {
        var text = NestedBlankNodes(50_000);
        Assert.True(text.Length < 1_000_000);
        var e = Refused(text, RdfSerialization.Turtle);
        Assert.Contains("deeper than 256 levels", e.Message);
        Assert.Contains("Turtle", e.Message);
    }

    [Fact]
    public void Turtle_collections_nested_100000_deep_are_a_parse_error()
    {
        var e = Refused(NestedCollections(100_000), RdfSerialization.Turtle);
        Assert.Contains("deeper than 256 levels", e.Message);
    }

    [Fact]
    public void RdfXml_nested_20000_levels_is_a_parse_error()
    {
        var text = NestedRdfXml(10_000); // 20,001 levels of XML elements
        Assert.True(text.Length < 1_000_000);
        var e = Refused(text, RdfSerialization.RdfXml);
        Assert.Contains("RDF/XML", e.Message);
        Assert.Contains("deeper than 256 levels", e.Message);
    }

    [Fact]
    public void RdfXml_parseType_Resource_and_Collection_nesting_is_bounded_too()
    {
        var sb = new StringBuilder("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\"><rdf:Description>");
        for (int i = 0; i < 20_000; i++) sb.Append(i % 2 == 0 ? "<ex:p rdf:parseType=\"Resource\">" : "<ex:q rdf:parseType=\"Collection\"><rdf:Description>");
        for (int i = 20_000 - 1; i >= 0; i--) sb.Append(i % 2 == 0 ? "</ex:p>" : "</rdf:Description></ex:q>");
        sb.Append("</rdf:Description></rdf:RDF>");
        Assert.Contains("deeper than 256 levels", Refused(sb.ToString(), RdfSerialization.RdfXml).Message);
    }

    [Fact]
    public void JsonLd_nested_100000_deep_is_a_parse_error()
    {
        var e = Refused(NestedJsonLd(100_000), RdfSerialization.JsonLd);
        Assert.Contains("JSON-LD", e.Message);
        Assert.Contains("deeper than 256 levels", e.Message);
        var lists = new StringBuilder("{\"http://example.org/p\": ");
        for (int i = 0; i < 100_000; i++) lists.Append("{\"@list\": [");
        lists.Append('1').Append(string.Concat(Enumerable.Repeat("]}", 100_000))).Append('}');
        Assert.Contains("deeper than 256 levels", Refused(lists.ToString(), RdfSerialization.JsonLd).Message);
    }

    [Fact]
    public void Nesting_up_to_the_limit_still_parses_in_every_syntax()
    {
        // 200 levels is far beyond any real catalogue and within the default limit of 256.
        var turtle = RdfParser.LoadString(NestedBlankNodes(200), RdfSerialization.Turtle);
        Assert.Equal(201, turtle.Count);
        var collections = RdfParser.LoadString(NestedCollections(200), RdfSerialization.Turtle);
        Assert.Equal(1 + 200 * 2, collections.Count); // ex:s ex:p _:l1, and rdf:first/rdf:rest per list
        var xml = RdfParser.LoadString(NestedRdfXml(120), RdfSerialization.RdfXml); // 241 XML element levels
        Assert.Equal(121, xml.Count);
        var json = RdfParser.LoadString(NestedJsonLd(200), RdfSerialization.JsonLd);
        Assert.Equal(200, json.Count);

        // Exactly at the limit parses; one more level does not.
        var limits = new RdfParseLimits { MaxDepth = 10 };
        Assert.Equal(11, RdfParser.LoadString(NestedBlankNodes(10), RdfSerialization.Turtle, limits: limits).Count);
        Assert.Contains("deeper than 10 levels", Refused(NestedBlankNodes(11), RdfSerialization.Turtle, limits).Message);
        Assert.Equal(10, RdfParser.LoadString(NestedJsonLd(10), RdfSerialization.JsonLd, limits: limits).Count);
        Assert.Contains("deeper than 10 levels", Refused(NestedJsonLd(11), RdfSerialization.JsonLd, limits).Message);
    }

    [Fact]
    public void Triples_and_term_length_are_bounded_in_every_syntax_including_NTriples()
    {
        var limits = new RdfParseLimits { MaxTriples = 1_000, MaxTermLength = 10_000 };
        var nt = new StringBuilder();
        for (int i = 0; i < 1_001; i++) nt.Append("<http://example.org/s> <http://example.org/p> \"").Append(i).Append("\" .\n");
        Assert.Contains("more than 1,000 triples", Refused(nt.ToString(), RdfSerialization.NTriples, limits).Message);
        Assert.Equal(1_000, RdfParser.LoadString(string.Concat(nt.ToString().Split('\n').Take(1_000).Select(l => l + "\n")), RdfSerialization.NTriples, limits: limits).Count);

        var longLiteral = new string('x', 10_001);
        Assert.Contains("limit is 10,000", Refused($"<http://example.org/s> <http://example.org/p> \"{longLiteral}\" .", RdfSerialization.NTriples, limits).Message);
        Assert.Contains("limit is 10,000", Refused(
            $"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\"><rdf:Description><ex:p>{longLiteral}</ex:p></rdf:Description></rdf:RDF>",
            RdfSerialization.RdfXml, limits).Message);
        Assert.Contains("limit is 10,000", Refused($"{{\"http://example.org/p\": \"{longLiteral}\"}}", RdfSerialization.JsonLd, limits).Message);
    }

    [Fact]
    public void JsonLd_local_contexts_under_a_large_context_are_bounded()
    {
        // 5,000 terms at the top, then 20,000 nodes each with an empty @context of their own: without a
        // budget this copies 100 million dictionary entries from a 300 kB document.
        var sb = new StringBuilder("{\"@context\": {");
        for (int i = 0; i < 5_000; i++) sb.Append(i == 0 ? "" : ",").Append("\"t").Append(i).Append("\": \"http://example.org/t").Append(i).Append('"');
        sb.Append("}, \"@graph\": [");
        for (int i = 0; i < 20_000; i++) sb.Append(i == 0 ? "" : ",").Append("{\"@context\": {}, \"t1\": \"v\"}");
        sb.Append("]}");
        Assert.Contains("@context", Refused(sb.ToString(), RdfSerialization.JsonLd).Message);
    }
}
