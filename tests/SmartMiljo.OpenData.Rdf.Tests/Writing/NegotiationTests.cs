using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Writing;

public sealed class NegotiationTests
{
    [Theory]
    [InlineData(null, RdfSerialization.RdfXml)]
    [InlineData("", RdfSerialization.RdfXml)]
    [InlineData("*/*", RdfSerialization.RdfXml)]
    [InlineData("text/turtle", RdfSerialization.Turtle)]
    [InlineData("application/ld+json", RdfSerialization.JsonLd)]
    [InlineData("application/n-triples", RdfSerialization.NTriples)]
    [InlineData("application/rdf+xml;q=0.5, text/turtle;q=0.9", RdfSerialization.Turtle)]
    [InlineData("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", RdfSerialization.RdfXml)]
    [InlineData("application/json, text/turtle", RdfSerialization.Turtle)]
    [InlineData("text/turtle;q=0, application/ld+json;q=0.1", RdfSerialization.JsonLd)]
    [InlineData("TEXT/TURTLE; charset=utf-8", RdfSerialization.Turtle)]
    public void Accept_header_picks_the_best_format(string? accept, RdfSerialization expected) =>
        Assert.Equal(expected, RdfSerializations.Negotiate(accept));

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png, text/csv")]
    [InlineData("text/turtle;q=0")]
    public void Accept_header_without_an_RDF_type_gives_null_for_406(string accept) => Assert.Null(RdfSerializations.Negotiate(accept));

    [Theory]
    [InlineData(".rdf", RdfSerialization.RdfXml)]
    [InlineData("ttl", RdfSerialization.Turtle)]
    [InlineData("nt", RdfSerialization.NTriples)]
    [InlineData("jsonld", RdfSerialization.JsonLd)]
    public void Extensions_map_to_formats_and_back(string extension, RdfSerialization expected)
    {
        Assert.True(RdfSerializations.TryFromExtension(extension, out var format));
        Assert.Equal(expected, format);
        Assert.True(RdfSerializations.TryFromExtension(format.FileExtension(), out var again));
        Assert.Equal(format, again);
        Assert.True(RdfSerializations.TryFromMediaType(format.ContentType(), out var byMedia));
        Assert.Equal(format, byMedia);
    }

    [Fact]
    public void Unknown_extension_is_rejected() => Assert.False(RdfSerializations.TryFromExtension("csv", out _));
}
