using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class ValidatorTests
{
    private static readonly TableSchema Places = new()
    {
        Fields =
        [
            Field("id", constraints: new FieldConstraints { Required = true, Unique = true }),
            Field("name", constraints: new FieldConstraints { Required = true, MinLength = 2, MaxLength = 20 }),
            Field("kind", constraints: new FieldConstraints { Enum = ["lake", "sea"] }, aliases: "water"),
            Field("depth", FieldType.Number, constraints: new FieldConstraints { Minimum = 0, Maximum = 100 }),
            Field("code", constraints: new FieldConstraints { Pattern = "SE[0-9A-Z]{4}" }, aliases: "hov_ref"),
            Field("toilet", FieldType.Boolean, aliases: "wc"),
        ],
    };

    [Fact]
    public async Task Valid_rows_reach_the_sink_typed_and_aligned_with_the_schema()
    {
        var (report, sink) = await CsvAsync("id,name,kind,depth,code,toilet\n1,Ön,lake,3.5,SE0A12,true\n2,Viken,,,,\n", Places);
        Assert.Equal(ValidationVerdict.Publishable, report.Verdict);
        Assert.Equal(1.0, report.Score);
        Assert.Equal(2, sink.Rows.Count);
        Assert.Equal(new object?[] { "1", "Ön", "lake", 3.5, "SE0A12", true }, sink.Rows[0].Values);
        Assert.Equal(new object?[] { "2", "Viken", null, null, null, null }, sink.Rows[1].Values);
        Assert.Equal(2, sink.Rows[1].Row);
    }

    [Theory]
    [InlineData("3,,lake,1,SE0A12,true", "required", "name")]
    [InlineData("3,Ö,lake,1,SE0A12,true", "minLength", "name")]
    [InlineData("3,Ett mycket långt namn här,lake,1,SE0A12,true", "maxLength", "name")]
    [InlineData("3,Sjön,pond,1,SE0A12,true", "enum", "kind")]
    [InlineData("3,Sjön,lake,-1,SE0A12,true", "minimum", "depth")]
    [InlineData("3,Sjön,lake,101,SE0A12,true", "maximum", "depth")]
    [InlineData("3,Sjön,lake,1,XX0A12,true", "pattern", "code")]
    public async Task Constraint_violations_exclude_the_row_and_name_the_column(string row, string constraint, string column)
    {
        var (report, sink) = await CsvAsync("id,name,kind,depth,code,toilet\n1,Ön,lake,3.5,SE0A12,true\n" + row + "\n", Places);
        Assert.Single(sink.Rows);
        var issue = Assert.Single(report.Errors, e => e.Code == "constraint-error");
        Assert.Equal(2, issue.Row);
        Assert.Equal(column, issue.Column);
        Assert.NotNull(issue.Hint);
        Assert.Equal(1, report.RowsInvalid);
        Assert.Equal(ValidationVerdict.PublishableWithWarnings, report.Verdict);
        Assert.True(report.Score is > 0.5 and < 1.0, $"score {report.Score} for constraint {constraint}");
    }

    [Fact]
    public async Task Enum_errors_suggest_the_value_that_was_meant()
    {
        var (report, _) = await CsvAsync("id,name,kind\n1,Ön,Lake\n2,Ö2,laek\n", Places);
        var issues = report.Errors.Where(e => e.Code == "constraint-error").ToList();
        Assert.Contains("\"lake\"", issues[0].HintEn);
        Assert.Contains("\"lake\"", issues[1].HintEn);
    }

    [Fact]
    public async Task Unique_values_are_checked_across_the_whole_file()
    {
        var rows = string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i},Namn{i % 7}\n"));
        var (report, sink) = await CsvAsync("id,name\n" + rows + "17,Igen\n", Places);
        var issue = Assert.Single(report.Errors, e => e.Code == "unique-error");
        Assert.Equal(5001, issue.Row);
        // Messages name rows as a spreadsheet does: the header is row 1, data row 17 is row 18.
        Assert.Contains("Row 5002:", issue.MessageEn);
        Assert.Contains("row 18", issue.MessageEn);
        Assert.StartsWith("Rad 5002:", issue.Message);
        Assert.Equal(5000, sink.Rows.Count);
    }

    [Fact]
    public async Task Primary_key_duplicates_are_reported()
    {
        var schema = new TableSchema { Fields = [Field("a"), Field("b"), Field("c")], PrimaryKey = ["a", "b"] };
        var (report, _) = await CsvAsync("a,b,c\n1,x,1\n1,y,2\n1,x,3\n", schema);
        var issue = Assert.Single(report.Errors, e => e.Code == "primary-key");
        Assert.Equal(3, issue.Row);
        Assert.Contains("row 2", issue.MessageEn);
    }

    [Fact]
    public async Task A_unique_one_field_primary_key_reports_a_duplicate_both_ways_with_the_first_row()
    {
        // The key and the unique check share one dictionary; both must still see the clash.
        var schema = new TableSchema
        {
            Fields = [Field("id", constraints: new FieldConstraints { Unique = true }), Field("name")],
            PrimaryKey = ["id"],
        };
        var (report, sink) = await CsvAsync("id,name\na,1\nb,2\n,3\n,4\na,5\nc,6\nb,7\n", schema);
        var keyIssues = report.Errors.Where(e => e.Code == "primary-key").ToList();
        var uniqueIssues = report.Errors.Where(e => e.Code == "unique-error").ToList();
        Assert.Equal([5L, 7L], keyIssues.Select(e => e.Row!.Value));
        Assert.Equal([5L, 7L], uniqueIssues.Select(e => e.Row!.Value));
        Assert.Contains("row 2", keyIssues[0].MessageEn);
        Assert.Contains("row 3", keyIssues[1].MessageEn);
        Assert.Equal([1L, 2L, 3L, 4L, 6L], sink.Rows.Select(r => r.Row));
    }

    [Fact]
    public async Task Repeated_values_are_judged_and_counted_in_every_row()
    {
        // Short repeated values reach the validator as one shared string; each cell still counts.
        var rows = string.Concat(Enumerable.Range(1, 50).Select(i => $"{i},Namn,havet,ja\n"));
        var (report, sink) = await CsvAsync("id,name,kind,toilet\n" + rows, Places);
        Assert.Equal(50, report.Totals[IssueCodes.ConstraintError]); // "havet" is not in kind's enum
        Assert.Equal(50, report.RowsInvalid);
        Assert.Empty(sink.Rows);
        var normalised = Assert.Single(report.Errors, e => e.Code == IssueCodes.ValueNormalised && e.Column == "toilet");
        Assert.StartsWith("50 values", normalised.MessageEn);
    }

    [Fact]
    public async Task Header_aliases_and_spelling_differences_bind_with_a_warning()
    {
        var (report, sink) = await CsvAsync("ID,name,water,hov_ref,wc\n1,Ön,sea,SE0A12,ja\n", Places);
        Assert.Single(sink.Rows);
        Assert.Equal(new object?[] { "1", "Ön", "sea", null, "SE0A12", true }, sink.Rows[0].Values);
        var renamed = report.Errors.Where(e => e.Code == "incorrect-label").Select(e => (e.Column, e.HintEn)).ToList();
        Assert.Contains(renamed, r => r.Column == "wc" && r.HintEn!.Contains("\"toilet\""));
        Assert.Contains(renamed, r => r.Column == "hov_ref" && r.HintEn!.Contains("\"code\""));
        Assert.Contains(renamed, r => r.Column == "ID");
        Assert.Equal("toilet", report.ColumnMapping["wc"]);
        Assert.Equal("code", report.ColumnMapping["hov_ref"]);
    }

    [Fact]
    public async Task Missing_and_extra_labels_come_with_did_you_mean()
    {
        var (report, sink) = await CsvAsync("id,nmae,depht,colour\n1,Ön,3,red\n", Places);
        var missingName = Assert.Single(report.Errors, e => e.Code == "missing-label" && e.Column == "name");
        Assert.Equal(IssueSeverity.Blocking, missingName.Severity); // name is required
        Assert.Contains("\"nmae\"", missingName.MessageEn);
        var extra = Assert.Single(report.Errors, e => e.Code == "extra-label" && e.Column == "depht");
        Assert.Contains("Did you mean \"depth\"", extra.MessageEn);
        Assert.Contains(report.Errors, e => e.Code == "extra-label" && e.Column == "colour" && !e.MessageEn.Contains("Did you mean"));
        Assert.Contains(report.Errors, e => e.Code == "missing-label" && e.Column == "toilet" && e.Severity == IssueSeverity.Warning);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        Assert.Empty(sink.Rows); // required name is null on every row
    }

    [Fact]
    public async Task Blank_and_duplicate_labels_are_reported()
    {
        var (report, _) = await CsvAsync("id,name,name,\n1,Ön,Ö2,\n", Places);
        Assert.Contains(report.Errors, e => e.Code == "duplicate-label" && e.ColumnNumber == 3);
        Assert.Contains(report.Errors, e => e.Code == "blank-label" && e.ColumnNumber == 4);
    }

    [Fact]
    public async Task Row_structure_problems_are_reported_per_row()
    {
        var csv = "id,name\n1,Ön\n2\n\n3,Tre,extra\n1,Ön\n";
        var (report, sink) = await CsvAsync(csv, Schema(Field("id"), Field("name")));
        Assert.Contains(report.Errors, e => e.Code == "missing-cell" && e.Row == 2 && e.Column == "name");
        Assert.Contains(report.Errors, e => e.Code == "blank-row" && e.Row == 3);
        Assert.Contains(report.Errors, e => e.Code == "extra-cell" && e.Row == 4 && e.Value == "extra");
        Assert.Contains(report.Errors, e => e.Code == "duplicate-row" && e.Row == 5 && e.MessageEn == "Row 6 is identical to row 2.");
        Assert.Equal([1L], sink.Rows.Select(r => r.Row));
        Assert.Equal(5, report.RowsRead);
        Assert.Equal(4, report.RowsInvalid);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict); // 1 of 5 rows valid
        Assert.Contains(report.Errors, e => e.Code == "too-many-invalid-rows");
    }

    [Fact]
    public async Task With_a_required_unique_key_a_repeated_row_is_reported_by_the_key()
    {
        var (report, sink) = await CsvAsync("id,name\n1,Ön\n2,Ö2\n1,Ön\n", Places);
        Assert.Contains(report.Errors, e => e.Code == "unique-error" && e.Row == 3);
        Assert.DoesNotContain(report.Errors, e => e.Code == "duplicate-row");
        Assert.Equal(2, sink.Rows.Count);
    }

    [Fact]
    public async Task Errors_are_capped_per_code_but_totals_are_kept()
    {
        var rows = string.Concat(Enumerable.Range(1, 1000).Select(i => $"{i},Namn,{-i}\n"));
        var (report, _) = await CsvAsync("id,name,depth\n" + rows, Places, new ValidationOptions { MaxIssuesPerCode = 10 });
        Assert.Equal(10, report.Errors.Count(e => e.Code == "constraint-error"));
        Assert.Equal(1000, report.Totals["constraint-error"]);
        Assert.Contains("constraint-error ×1,000", report.SummaryEn);
    }

    [Fact]
    public async Task The_report_round_trips_through_json()
    {
        var (report, _) = await CsvAsync("id,name,kind\n1,Ön,pond\n2,Viken,lake\n", Places,
            new ValidationOptions { SpecificationId = "places", SpecificationVersion = "1.0" });
        var json = report.ToJson();
        Assert.Contains("\"verdict\":\"publishable-with-warnings\"", json);
        Assert.Contains("\"code\":\"constraint-error\"", json);
        var back = ValidationReport.FromJson(json);
        Assert.Equal(report.Verdict, back.Verdict);
        Assert.Equal(report.RowsValid, back.RowsValid);
        Assert.Equal(report.Score, back.Score);
        Assert.Equal("places", back.SpecificationId);
        Assert.Equal(report.Errors, back.Errors);
        Assert.Equal(report.Totals, back.Totals);
        Assert.Equal(report.Facts, back.Facts);
        Assert.Equal(report.Summary, back.Summary);
    }

    [Fact]
    public async Task A_file_with_only_a_header_is_blocked()
    {
        var (report, _) = await CsvAsync("id,name\n", Places);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        Assert.Contains(report.Errors, e => e.Code == "no-rows");
    }

    [Fact]
    public async Task Unreadable_characters_are_encoding_errors()
    {
        // Valid UTF-8 for the first 64 KB, then a Latin-1 byte: the decoder's replacement character marks it.
        var head = "id,name\n" + string.Concat(Enumerable.Range(1, 7000).Select(i => $"{i},Sjön\n"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(head).Concat("7001,Sj"u8.ToArray()).Append((byte)0xF6).Concat("n\n"u8.ToArray()).ToArray();
        var (report, sink) = await StreamAsync(new MemoryStream(bytes), Places with { Fields = Places.Fields.Take(2).ToList() });
        var issue = Assert.Single(report.Errors, e => e.Code == "encoding-error");
        Assert.Equal(7001, issue.Row);
        Assert.Equal(7000, sink.Rows.Count);
    }
}
