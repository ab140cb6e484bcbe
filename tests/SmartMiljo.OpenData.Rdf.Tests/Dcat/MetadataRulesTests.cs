using SmartMiljo.OpenData.Rdf.Metadata;

namespace SmartMiljo.OpenData.Rdf.Tests.Dcat;

/// <summary>The one rule set: what it accepts, what it refuses, and that it says so in Swedish and English.</summary>
public sealed class MetadataRulesTests
{
    [Theory]
    [InlineData("oppnadata@harryda.se", true)]
    [InlineData("info@växjö.se", true)]
    [InlineData("förnamn.efternamn@kommun.se", false)]
    [InlineData("kontakt at kommun.se", false)]
    [InlineData("kontakt@kommun", false)]
    [InlineData("a@b@kommun.se", false)]
    [InlineData(" kontakt@kommun.se", false)]
    [InlineData("kontakt@kommun.se>", false)]
    [InlineData("<script>@x.se", false)]
    public void Email_addresses(string value, bool valid) => Assert.Equal(valid, EmailAddressRule.IsValid(value));

    [Theory]
    [InlineData("031-724 61 00", true)]
    [InlineData("+46 501-75 50 00", true)]
    [InlineData("0501/100 00", true)]
    [InlineData("Ring växeln", false)]
    [InlineData("112", false)]
    [InlineData("46+ 501 100 00", false)]
    [InlineData("+46 501 100 00 000 000 000", false)]
    public void Telephone_numbers(string value, bool valid) => Assert.Equal(valid, TelephoneRule.IsValid(value));

    [Theory]
    [InlineData("https://www.harryda.se/", true)]
    [InlineData("http://sws.geonames.org/2708297", true)]
    [InlineData("https://www.harryda.se/a?b=c&d=e#f", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,<b>x</b>", false)]
    [InlineData("mailto:a@b.se", false)]
    [InlineData("https://example.org/x>", false)]
    [InlineData("https://example.org/a b", false)]
    [InlineData("www.harryda.se", false)]
    [InlineData("/relative", false)]
    [InlineData("https://", false)]
    public void Web_addresses(string value, bool valid) => Assert.Equal(valid, WebAddressRule.IsValid(value));

    [Theory]
    [InlineData("ENVI", "ENVI")]
    [InlineData("envi", "ENVI")]
    [InlineData("http://publications.europa.eu/resource/authority/data-theme/TRAN", "TRAN")]
    [InlineData("MILJO", null)]
    [InlineData("http://example.org/theme/ENVI", null)]
    public void Themes_come_from_the_EU_list(string value, string? code) => Assert.Equal(code, DataThemeRule.Normalise(value));

    [Fact]
    public void A_dataset_with_every_problem_of_the_issue_gets_one_problem_per_field_in_both_languages()
    {
        var problems = MetadataRules.Check(new DatasetMetadata
        {
            Title = "   ", Description = "Badplatser", ContactEmail = "kontakt at kommun.se", ContactPhone = "Ring växeln",
            Themes = ["ENVI", "http://example.org/not-eu"], LandingPage = "https://x.se/>", License = "javascript:alert(1)",
            Keywords = ["ok", "bad\u0007"], HvdCategories = ["c_nope"], IsHighValue = true, SustainableDevelopmentGoals = [0],
            Issued = new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        var fields = problems.Select(p => p.Field).ToHashSet();
        Assert.Equal(["contactEmail", "contactPhone", "hvdCategories", "issued", "keywords", "landingPage", "license", "sustainableDevelopmentGoals", "themes", "title"],
            fields.Order(StringComparer.Ordinal).ToList());
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Swedish) || string.IsNullOrWhiteSpace(p.English)));
        Assert.Contains(problems, p => p.Field == "contactEmail" && p.Swedish.Contains("e-postadress") && p.English.Contains("e-mail address"));
        Assert.Single(problems.ToErrors()["hvdCategories"]);
        Assert.Contains(MetadataRules.Check(new DatasetMetadata { Title = "t", Description = "d", IsHighValue = true }), p => p.Field == "hvdCategories");
    }

    [Fact]
    public void A_good_dataset_and_organisation_have_no_problems()
    {
        Assert.Empty(MetadataRules.Check(new DatasetMetadata
        {
            Title = "Badplatser", TitleEn = "Bathing sites", Description = "Kommunens badplatser.", Keywords = ["bad"], Themes = ["ENVI"],
            License = "http://creativecommons.org/publicdomain/zero/1.0/", AccessRights = "PUBLIC", ContactEmail = "oppnadata@harryda.se",
            ContactPhone = "031-724 61 00", IsHighValue = true, HvdCategories = ["c_dd313021"], SustainableDevelopmentGoals = [3, 17],
            Issued = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }));
        Assert.Empty(MetadataRules.Check(new OrganisationMetadata
        {
            Name = "Härryda kommun", Homepage = "https://www.harryda.se/", ContactEmail = "oppnadata@harryda.se", ContactPhone = "031-724 61 00",
            SpatialIri = "http://sws.geonames.org/2708297",
        }));
    }
}
