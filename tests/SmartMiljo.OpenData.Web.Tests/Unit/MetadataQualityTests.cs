using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Tests.Unit;

public sealed class MetadataQualityTests
{
    // The texts follow the UI culture; these tests read the Swedish ones whatever the machine's locale.
    public MetadataQualityTests() => System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("sv-SE");

    private static readonly MetadataFacts Complete = new()
    {
        Keywords = 3, Themes = 1, HasSpatialCoverage = true, HasTemporalCoverage = true, HasDistributions = true,
        License = Licenses.Cc0, AccessRights = "PUBLIC", HasContactPoint = true, HasPublisher = true, HasIssued = true,
        HasModified = true, HasByteSizes = true,
    };

    [Fact]
    public void Complete_metadata_reaches_the_swedish_maximum_because_compliance_is_not_scored()
    {
        var score = MetadataQuality.Score(Complete);
        Assert.Equal(375, score.Points);
        Assert.Equal(QualityScore.Maximum, score.Indicators.Sum(i => i.Points) + 30);
        Assert.Empty(score.Missing);
        Assert.Equal("Utmärkt", score.Band);
    }

    [Fact]
    public void Each_missing_field_costs_its_points_and_says_how_to_fix_it()
    {
        var score = MetadataQuality.Score(Complete with { Keywords = 0, HasContactPoint = false, License = "https://example.org/egen-licens" });
        // keyword 30, contact 20, licence from vocabulary 10.
        Assert.Equal(375 - 30 - 20 - 10, score.Points);
        Assert.Equal(3, score.Missing.Count());
        Assert.Contains(score.Missing, m => m.FixHint.Contains("nyckelord"));
        Assert.Contains(score.Missing, m => m.FixHint.Contains("CC0"));
    }

    [Fact]
    public void Nothing_published_is_a_bad_score()
    {
        var score = MetadataQuality.Score(new MetadataFacts());
        Assert.Equal(0, score.Points);
        Assert.Equal("Bristfällig", score.Band);
    }
}
