namespace SmartMiljo.OpenData.Rdf.Tests.Model;

public sealed class IriAndLiteralTests
{
    [Theory]
    [InlineData("http://dataportal.se/organisation/SE2120001488")]
    [InlineData("https://exempel.se/väg/ä?q=ö#x")]
    [InlineData("mailto:oppnadata@harryda.se")]
    [InlineData("tel:+46317246100")]
    [InlineData("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")]
    [InlineData("http://[::1]:8080/x")]
    [InlineData("https://x.se/a%20b")]
    public void Accepts_absolute_IRIs(string value) => Assert.True(Iri.IsValid(value), Iri.Validate(value));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/datasets/dcat", "scheme")]
    [InlineData("datasets/dcat", "scheme")]
    [InlineData("http://x.se/a b", "space")]
    [InlineData("http://x.se/<a>", "'<'")]
    [InlineData("http://x.se/a%2", "hex")]
    [InlineData("http://x.se/a%zz", "hex")]
    [InlineData("http://x.se/a#b#c", "second '#'")]
    [InlineData("http://x.se/a\"b", "'\"'")]
    [InlineData("http://x.se/a{b}", "'{'")]
    [InlineData("1http://x.se", "letter")]
    public void Rejects_what_is_not_an_absolute_RFC3987_IRI(string value, string reason)
    {
        var problem = Iri.Validate(value);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
        var e = Assert.Throws<RdfException>(() => Iri.Create(value));
        Assert.Contains("Not an absolute IRI", e.Message);
    }

    [Fact]
    public void Language_tags_are_validated_and_compared_case_insensitively()
    {
        Assert.Equal(Literal.LanguageTagged("x", "sv-SE"), Literal.LanguageTagged("x", "sv-se"));
        Assert.Equal("fr-t-sv-t0-mtec", Literal.LanguageTagged("x", "fr-t-sv-t0-mtec").Language);
        Assert.Equal("sv-SE", Literal.LanguageTagged("x", "sv-SE").Language); // written as given
        Assert.Throws<RdfException>(() => Literal.LanguageTagged("x", "sv_SE"));
        Assert.Throws<RdfException>(() => Literal.LanguageTagged("x", "toolongsubtag"));
        Assert.Throws<RdfException>(() => Literal.LanguageTagged("x", ""));
    }

    [Fact]
    public void Typed_literal_factories_use_canonical_lexical_forms()
    {
        Assert.Equal("2026-06-01T08:30:00Z", Literal.DateTime(new DateTimeOffset(2026, 6, 1, 10, 30, 0, TimeSpan.FromHours(2))).Lexical);
        Assert.Equal("2023-01-01", Literal.Date(new DateOnly(2023, 1, 1)).Lexical);
        Assert.Equal(Vocab.Xsd.NonNegativeInteger, Literal.NonNegativeInteger(5).Datatype);
        Assert.Throws<ArgumentOutOfRangeException>(() => Literal.NonNegativeInteger(-1));
        Assert.NotEqual<RdfTerm>(Literal.Plain("1"), Literal.Integer(1));
    }
}
