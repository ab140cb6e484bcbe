using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Schemas;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Reports are stored and compared: their numbers are written the same whatever the
/// locale of the thread that validates, and the validator leaves the caller's culture alone.</summary>
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
        // Thousands with a comma, decimals with a point, as everywhere in the report.
        var report = JsonDocument.Parse(swedish).RootElement;
        var messages = report.GetProperty("Errors").EnumerateArray().Select(e => e.GetProperty("Message").GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("1,500 värden i \"depth\""));
        Assert.Contains(messages, m => m.StartsWith("1,200 punkter var i SWEREF 99 TM"));
        Assert.Contains(messages, m => m.Contains("(13.7396, 58.787)"));
        Assert.Contains(messages, m => m.Contains("koordinaterna 40.5, 2.25 ligger inte i Sverige"));
        Assert.Contains(messages, m => m.StartsWith("Bara 2,700 av 6,700 rader är giltiga"));
        Assert.StartsWith("2,700 av 6,700 rader är giltiga (poäng 0.", report.GetProperty("Summary").GetString());
    }
}
