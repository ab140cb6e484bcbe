using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>What is really wrong with the real files municipalities published.</summary>
public class SampleFileTests
{
    [Fact]
    public async Task Mariestad_is_publishable_once_its_unquoted_comma_is_read_as_part_of_the_description()
    {
        var (report, sink) = await Validate.SampleAsync("mariestad_1493_badplatser.csv", "badplatser");

        Assert.Equal(ValidationVerdict.PublishableWithWarnings, report.Verdict);
        Assert.Equal(1, report.RowsValid);
        var repair = Assert.Single(report.Errors, e => e.Code == "misplaced-delimiter");
        Assert.Equal("description", repair.Column);
        Assert.Equal(2, report.Errors.Count(e => e.Code == "blank-label")); // the two trailing empty header cells
        Assert.DoesNotContain(report.Errors, e => e.Severity != IssueSeverity.Warning);

        var schema = Validate.Schema();
        var spec = TestFiles.Registry.Find("badplatser")!.Schema;
        object? Value(string field) => sink.Rows[0].Values[spec.IndexOf(field)];
        Assert.StartsWith("Naturstrand i ett skyddat läge, sandstranden", (string)Value("description")!);
        Assert.Null(Value("street"));
        Assert.Equal("Mariestad", Value("city"));
        Assert.Equal("SE", Value("country"));
        Assert.Equal(true, Value("toilet"));
        Assert.Equal("lake", Value("watertype"));
        Assert.Equal(58.787, Value("latitude"));
        Assert.Equal(new DateOnly(2021, 5, 28), Value("updated"));
        Assert.Equal("info.va-gata@mariestad.se", Value("email"));
    }

    [Fact]
    public async Task Harryda_is_blocked_because_every_place_id_is_empty()
    {
        var (report, sink) = await Validate.SampleAsync("harryda_1401_badplatser_utf8bom.csv", "badplatser");

        Assert.Equal("UTF-8 (BOM)", report.Facts["encoding"]);
        Assert.Equal(9, report.RowsRead);
        var emptyIds = report.Errors.Where(e => e.Code == "constraint-error" && e.Column == "place_id").ToList();
        Assert.Equal(9, emptyIds.Count);
        Assert.All(emptyIds, e => Assert.Contains("must be filled in", e.MessageEn));
        // The older column name is recognised, with a hint to rename it.
        var renamed = Assert.Single(report.Errors, e => e.Code == "incorrect-label");
        Assert.Equal("hov_ref", renamed.Column);
        Assert.Contains("\"nutskod\"", renamed.HintEn);
        Assert.Empty(sink.Rows);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        Assert.Contains("place_id", report.Errors.First(e => e.Row is not null).MessageEn);
    }

    [Fact]
    public async Task Osby_old_variant_against_the_current_spec_maps_old_names_and_reports_the_rest()
    {
        var (report, sink) = await Validate.SampleAsync("osby_1273_badplatser_oldvariant.csv", "badplatser", "1.0");

        Assert.Equal("toilet", report.ColumnMapping["wc"]);
        Assert.Equal("fireplace", report.ColumnMapping["grilling_area"]);
        Assert.Equal("postcode", report.ColumnMapping["postalcode"]);
        Assert.Contains(report.Errors, e => e.Code == "extra-label" && e.Column == "owner");
        Assert.Contains(report.Errors, e => e.Code == "missing-label" && e.Column == "nutskod" && e.Severity == IssueSeverity.Warning);
        // "Lake" is not "lake": an enum error that suggests the right spelling.
        var water = Assert.Single(report.Errors, e => e.Code == "constraint-error" && e.Column == "water");
        Assert.Contains("\"lake\"", water.HintEn);
        // Y/N booleans are read, with one warning per column.
        Assert.Contains(report.Errors, e => e.Code == "value-normalised" && e.Column == "wc");
        Assert.Empty(sink.Rows);
    }

    [Fact]
    public async Task Osby_is_valid_against_the_older_draft_it_was_written_for()
    {
        var (report, sink) = await Validate.SampleAsync("osby_1273_badplatser_oldvariant.csv", "badplatser", "0.9");
        Assert.Single(sink.Rows);
        Assert.NotEqual(ValidationVerdict.Blocked, report.Verdict);
        Assert.Equal("0.9", report.SpecificationVersion);
    }

    [Fact]
    public async Task The_food_inspection_example_has_an_organisation_number_with_a_wrong_check_digit()
    {
        var (report, sink) = await Validate.SampleAsync("livsmedelsinspektioner_spec_exempel.csv", "livsmedelsinspektioner");

        Assert.Equal(1, report.RowsRead);
        // The header's last name has a leading blank (" inspection.modified"); it is trimmed and matches.
        Assert.DoesNotContain(report.Errors, e => e.Code is "missing-label" or "extra-label");
        var issue = Assert.Single(report.Errors, e => e.Severity != IssueSeverity.Warning && e.Row is not null);
        Assert.Equal("type-error", issue.Code);
        Assert.Equal("facility.organizationNumber", issue.Column);
        Assert.Contains("check digit", issue.HintEn);
        Assert.Empty(sink.Rows);
    }

    [Fact]
    public void Every_specification_in_the_registry_is_listed()
    {
        var ids = TestFiles.Registry.Latest.Select(s => s.Id).ToHashSet();
        foreach (var id in new[] { "badplatser", "offentliga-toaletter", "utegym", "lekplatser", "motionsspar", "evenemang",
                     "leverantorsreskontra", "laddplatser", "parkeringsplatser", "offentlig-konst", "livsmedelsinspektioner", "badvattenkvalitet" })
            Assert.Contains(id, ids);
    }
}
