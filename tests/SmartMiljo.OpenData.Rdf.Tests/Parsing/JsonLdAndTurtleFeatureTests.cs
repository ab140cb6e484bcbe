using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Parsing;

/// <summary>Hand-written documents exercising syntax features, compared with rdflib's reading of the same file.</summary>
public sealed class JsonLdAndTurtleFeatureTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private async Task AssertSameAsRdflibAsync(string fileName, string text, int expectedTriples)
    {
        var file = _dir.File(fileName);
        await File.WriteAllTextAsync(file, text);
        var graph = RdfParser.LoadFile(file, baseIri: "http://example.org/base/");
        Assert.Equal(expectedTriples, graph.Count);
        var ours = _dir.File("ours.ttl");
        await using (var s = File.Create(ours)) await graph.WriteAsync(s, RdfSerialization.Turtle);
        await Rdflib.AssertIsomorphicAsync([(file, ours, "http://example.org/base/")]);
    }

    [Fact]
    public Task JsonLd_contexts_terms_coercion_languages_and_lists() => AssertSameAsRdflibAsync("doc.jsonld", """
        {
          "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "@vocab": "http://example.org/vocab#",
            "@language": "sv",
            "title": "dct:title",
            "issued": { "@id": "dct:issued", "@type": "xsd:date" },
            "theme": { "@id": "dcat:theme", "@type": "@id" },
            "order": { "@id": "http://example.org/order", "@container": "@list" },
            "label": { "@id": "http://www.w3.org/2000/01/rdf-schema#label", "@container": "@language" }
          },
          "@graph": [
            {
              "@id": "http://example.org/ds/1",
              "@type": "dcat:Dataset",
              "title": ["Badplatser", { "@value": "Bathing sites", "@language": "en" }],
              "issued": "2024-05-01",
              "theme": "http://publications.europa.eu/resource/authority/data-theme/ENVI",
              "order": [3, 1, 2],
              "label": { "sv": "etikett", "en": "label" },
              "size": 42,
              "ratio": 0.5,
              "open": true,
              "plain": { "@value": "no language", "@language": null },
              "dct:temporal": { "@type": "dct:PeriodOfTime", "dcat:startDate": { "@value": "2023-01-01", "@type": "xsd:date" } },
              "dcat:distribution": { "@id": "relative/dist" }
            }
          ]
        }
        """, 22);

    [Fact]
    public Task Turtle_long_strings_numbers_collections_escapes_and_base() => AssertSameAsRdflibAsync("doc.ttl", """"
        @base <http://example.org/base/> .
        PREFIX ex: <http://example.org/ns#>
        @prefix : <http://example.org/default#> .
        <a> ex:long """Line one
        line "two" with ""quotes""
        \u00e5\U0001F600 and \t tab""" ;
            ex:single 'it\'s'@en-GB, '''multi
        line'''^^ex:type ;
            ex:numbers 1, -2.5, 4 ;
            ex:bool true, false ;
            ex:list ( 1 "two" <three> ( ) [ ex:p ex:o ] ) ;
            ex:escaped ex:local\-name\.with\~escapes, :a.b ;
            a ex:Thing ; .
        [ ex:anon "subject" ] ex:q [] .
        _:b1 ex:r _:b1 .
        <../up> <#frag> <?query> .
        """", 27);

    [Fact]
    public void Turtle_numbers_keep_their_lexical_form_and_get_the_right_datatype()
    {
        // RDF 1.1 keeps lexical forms ("+4" is not "4"); rdflib canonicalises them, so this is checked here.
        var g = RdfParser.LoadString("<http://x/s> <http://x/p> +4, .5, 3e10, -0.0E-1, 7 .", RdfSerialization.Turtle);
        var values = g.Triples.Select(t => (Literal)t.Object).ToDictionary(l => l.Lexical, l => l.Datatype.Value[Vocab.Xsd.Namespace.Length..]);
        Assert.Equal(new Dictionary<string, string> { ["+4"] = "integer", [".5"] = "decimal", ["3e10"] = "double", ["-0.0E-1"] = "double", ["7"] = "integer" }, values);
    }

    [Fact]
    public async Task Syntax_errors_name_the_line_and_column()
    {
        var e = Assert.Throws<RdfException>(() => RdfParser.LoadString("@prefix ex: <http://x/> .\nex:a ex:b \"open\n", RdfSerialization.Turtle));
        Assert.Contains("line 2", e.Message);
        var undeclared = Assert.Throws<RdfException>(() => RdfParser.LoadString("nope:a <http://x/p> 1 .", RdfSerialization.Turtle));
        Assert.Contains("undeclared prefix 'nope:'", undeclared.Message);
        var xml = Assert.Throws<RdfException>(() => RdfParser.LoadString("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><unclosed></rdf:RDF>", RdfSerialization.RdfXml));
        Assert.Contains("not well-formed", xml.Message);
        var json = Assert.Throws<RdfException>(() => RdfParser.LoadString("{\"@context\": \"https://schema.org/\", \"name\": \"x\"}", RdfSerialization.JsonLd));
        Assert.Contains("cannot be loaded offline", json.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public Task RdfXml_parse_types_li_base_and_property_attributes() => AssertSameAsRdflibAsync("doc.rdf", """
        <?xml version="1.0"?>
        <!DOCTYPE rdf:RDF [ <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#"> ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/ns#"
                 xmlns:dct="http://purl.org/dc/terms/" xml:base="http://example.org/base/" xml:lang="sv">
          <ex:Thing rdf:about="a" dct:title="Titel som attribut">
            <ex:date rdf:datatype="&xsd;date">2024-01-01</ex:date>
            <ex:english xml:lang="en">English</ex:english>
            <ex:nested rdf:parseType="Resource"><ex:inner>värde</ex:inner></ex:nested>
            <ex:items><rdf:Seq><rdf:li>ett</rdf:li><rdf:li>två</rdf:li></rdf:Seq></ex:items>
            <ex:coll rdf:parseType="Collection"><rdf:Description rdf:about="#x"/><rdf:Description rdf:about="#y"/></ex:coll>
            <ex:ref rdf:resource="other"/>
            <ex:blank rdf:nodeID="n1"/>
            <ex:empty/>
            <ex:withAttrs ex:q="attribute on an implicit blank node"/>
          </ex:Thing>
          <rdf:Description rdf:nodeID="n1" ex:back="tillbaka"/>
        </rdf:RDF>
        """, 21);
}
