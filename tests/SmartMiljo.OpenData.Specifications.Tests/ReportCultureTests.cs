using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Schemas;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Reports are stored and compared: their numbers are written the same whatever the
/// locale of the thread that validates, and the validator leaves the caller's culture alone. Counts in
/// Swedish sentences are written as Swedish writes them (issue 17: "Bara 0 av 2,000 rader").</summary>
public class ReportCultureTests
{
    private static readonly TableSchema Points = new()
    {
        Fields = [Field("name"), Field("latitude", FieldType.Number), Field("longitude", FieldType.Number), Field("depth", FieldType.Number)],
        Geometry = new GeometryMapping("latitude", "longitude"),
    };

    private static string Csv()
    {
        var csv = new StringBuilder("name,latitude,longitude,depth\n");
        // 1,500 swapped points with decimal commas, 1,200 points in SWEREF 99 TM, 400 outside Sweden.
        for (var i = 0; i < 1500; i++) csv.Append("Vik ").Append(i).Append(",13.7396,58.787,\"1,5\"\n");
        for (var i = 0; i < 1200; i++) csv.Append("Malmö ").Append(i).Append(",6164061.848,374031.174,2.5\n");
        for (var i = 0; i < 4000; i++) csv.Append("Ute ").Append(i).Append(",40.5,2.25,1\n");
        return csv.ToString();
    }

    private static async Task<string> ReportUnder(string culture)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var (report, _) = await CsvAsync(Csv(), Points);
            Assert.Equal(culture, CultureInfo.CurrentCulture.Name);
            return JsonSerializer.Serialize(report);
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public async Task A_swedish_thread_gets_the_same_report_as_an_invariant_one()
    {
        var swedish = await ReportUnder("sv-SE");
        var invariant = await ReportUnder("");
        Assert.Equal(invariant, swedish);
        // Swedish counts group thousands with a non-breaking space and the score has a decimal comma;
        // values quoted from the data stay as the data has them; English uses a comma and a point.
        var report = JsonDocument.Parse(swedish).RootElement;
        var messages = report.GetProperty("Errors").EnumerateArray().Select(e => e.GetProperty("Message").GetString()!).ToList();
        var english = report.GetProperty("Errors").EnumerateArray().Select(e => e.GetProperty("MessageEn").GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("1\u00A0500 värden i \"depth\""));
        Assert.Contains(messages, m => m.StartsWith("1\u00A0200 punkter var i SWEREF 99 TM"));
        Assert.Contains(messages, m => m.Contains("(13.7396, 58.787)"));
        Assert.Contains(messages, m => m.Contains("koordinaterna 40.5, 2.25 ligger inte i Sverige"));
        Assert.Contains(messages, m => m.StartsWith("Bara 2\u00A0700 av 6\u00A0700 rader är giltiga; minst 50"));
        Assert.Contains(english, m => m.StartsWith("Only 2,700 of 6,700 rows are valid"));
        Assert.StartsWith("2\u00A0700 av 6\u00A0700 rader är giltiga (poäng 0,", report.GetProperty("Summary").GetString());
        Assert.StartsWith("2,700 of 6,700 rows are valid (score 0.", report.GetProperty("SummaryEn").GetString());
    }

    /// <summary>Issue 17: "1 värden". One of anything is singular, in both languages, in every counted message.</summary>
    [Fact]
    public async Task One_of_anything_is_written_in_the_singular()
    {
        var (report, _) = await CsvAsync("name,latitude,longitude,depth\nVik,58.787,13.7396,\"1,5\"\nMalmö,6164061.848,374031.174,2.5\n", Points);
        var messages = report.Errors.Select(e => e.Message).ToList();
        var english = report.Errors.Select(e => e.MessageEn).ToList();
        Assert.Contains(messages, m => m.StartsWith("1 värde i \"depth\"") && m.EndsWith("det har lästs om."));
        Assert.Contains(english, m => m.StartsWith("1 value in \"depth\" is ") && m.EndsWith("it has been converted."));
        Assert.Contains(messages, m => m.StartsWith("1 punkt var i SWEREF 99 TM"));
        Assert.Contains(english, m => m.StartsWith("1 point was in SWEREF 99 TM") && m.Contains("has been converted"));
        Assert.DoesNotContain(messages.Append(report.Summary), m => System.Text.RegularExpressions.Regex.IsMatch(m, @"(^|\D)1 (värden|punkter|rader|anmärkningar)\b"));
        Assert.DoesNotContain(english.Append(report.SummaryEn), m => System.Text.RegularExpressions.Regex.IsMatch(m, @"(^|\D)1 (values|points|rows|errors|warnings)\b"));

        var (single, _) = await CsvAsync("name,latitude,longitude,depth\nUte,40.5,2.25,1\n", Points);
        Assert.StartsWith("0 av 1 rad är giltig", single.Summary);
        Assert.StartsWith("0 of 1 row is valid", single.SummaryEn);
        Assert.Contains(single.Errors, e => e.Message.StartsWith("Bara 0 av 1 rad är giltig;"));
        Assert.DoesNotMatch(@"(^|\D)1 (errors|warnings)\b", single.SummaryEn);
        Assert.DoesNotMatch(@"(^|\D)1 anmärkningar\b", single.Summary);
    }

    [Theory]
    [InlineData(1, false, "1 rad")]
    [InlineData(2000, false, "2\u00A0000 rader")]
    [InlineData(0, false, "0 rader")]
    [InlineData(1, true, "1 row")]
    [InlineData(2000, true, "2,000 rows")]
    public void The_one_plural_helper_counts_in_both_languages(long value, bool english, string expected) =>
        Assert.Equal(expected, Core.Text.NumberFormats.Count(value, english ? "row" : "rad", english ? "rows" : "rader", english));
}
