using System.Text;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Issue 15's reproduction: a GIS export with SWEREF 99 TM values in columns named N and E (or X/Y, northing/easting)
/// was blocked with "the required column latitude is missing"; the columns now take the position's place and the values
/// say the system.</summary>
public sealed class CoordinateColumnTests
{
    /// <summary>The first three bathing places of the badplatser sample, their positions in SWEREF 99 TM (converted by
    /// PROJ: gdaltransform -s_srs OGC:CRS84 -t_srs EPSG:3006) in columns named <paramref name="north"/> and <paramref name="east"/>.</summary>
    private static async Task<string> SwerefExportAsync(string north, string east, bool eastFirst = false)
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(TestFiles.RepositoryRoot, "samples", "exempelkommun_badplatser.csv"), Encoding.UTF8)).Take(4).ToArray();
        (string N, string E)[] sweref = [("6507925.10094054", "431822.871715787"), ("6509276.65920245", "432872.007607729"), ("6506756.82626107", "429883.514416398")];
        var header = lines[0].Split(',');
        Assert.Equal(["latitude", "longitude"], header[2..4]);
        header[2] = eastFirst ? east : north;
        header[3] = eastFirst ? north : east;
        var result = new StringBuilder(string.Join(',', header)).Append('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            cells[2] = eastFirst ? sweref[i - 1].E : sweref[i - 1].N;
            cells[3] = eastFirst ? sweref[i - 1].N : sweref[i - 1].E;
            result.Append(string.Join(',', cells)).Append('\n');
        }
        return result.ToString();
    }

    [Theory]
    [InlineData("N", "E", false)]
    [InlineData("X", "Y", false)]
    [InlineData("northing", "easting", false)]
    [InlineData("Nord", "Ost", false)]
    // X/Y in the GIS sense (easting first): the larger value is the northing, whatever the column.
    [InlineData("Y", "X", true)]
    public async Task Sweref_99_tm_in_coordinate_columns_is_read_as_the_position_and_converted(string north, string east, bool eastFirst)
    {
        var spec = TestFiles.Registry.Find("badplatser")!;
        var (report, sink) = await CsvAsync(await SwerefExportAsync(north, east, eastFirst), spec.Schema);

        Assert.NotEqual(ValidationVerdict.Blocked, report.Verdict);
        Assert.DoesNotContain(report.Errors, e => e.Code == IssueCodes.MissingLabel && e.Column is "latitude" or "longitude");
        Assert.Equal(3, sink.Rows.Count);
        var lat = spec.Schema.IndexOf("latitude");
        var lon = spec.Schema.IndexOf("longitude");
        // Back within a millimetre or so of the sample's own WGS84 positions.
        Assert.Equal(58.7061, Convert.ToDouble(sink.Rows[0].Values[lat]), 6);
        Assert.Equal(13.8233, Convert.ToDouble(sink.Rows[0].Values[lon]), 6);
        Assert.Equal(58.6953, Convert.ToDouble(sink.Rows[2].Values[lat]), 6);

        var converted = Assert.Single(report.Errors, e => e.Code == IssueCodes.CoordinatesConverted);
        Assert.Contains("SWEREF 99 TM (EPSG:3006)", converted.Message);
        var label = Assert.Single(report.Errors, e => e.Code == IssueCodes.IncorrectLabel && e.Column == (eastFirst ? east : north));
        Assert.Contains("läses som \"latitude\"", label.Message);
        Assert.Contains("The values decide the coordinate system", label.MessageEn);
    }

    /// <summary>The issue's case in full: the values alone identify the system, whatever the columns are called.</summary>
    [Theory]
    [InlineData("Läge A", "Läge B", false)]
    [InlineData("kol7", "kol8", true)] // easting first: the larger value is the northing
    [InlineData("POS_1", "POS_2", false)]
    public async Task Sweref_99_tm_values_under_any_column_names_are_read_as_the_position_and_the_system_is_named(string first, string second, bool eastFirst)
    {
        var spec = TestFiles.Registry.Find("badplatser")!;
        var (report, sink) = await CsvAsync(await SwerefExportAsync(first, second, eastFirst), spec.Schema);

        Assert.NotEqual(ValidationVerdict.Blocked, report.Verdict);
        Assert.DoesNotContain(report.Errors, e => e.Code == IssueCodes.MissingLabel && e.Column is "latitude" or "longitude");
        Assert.Equal(3, sink.Rows.Count);
        Assert.Equal(58.7061, Convert.ToDouble(sink.Rows[0].Values[spec.Schema.IndexOf("latitude")]), 6);
        Assert.Equal(13.8233, Convert.ToDouble(sink.Rows[0].Values[spec.Schema.IndexOf("longitude")]), 6);
        var northing = first; // the column given the northings, wherever it stands
        var label = Assert.Single(report.Errors, e => e.Code == IssueCodes.IncorrectLabel && e.Column == northing);
        Assert.Contains("nordkoordinater i SWEREF 99 TM (EPSG:3006)", label.Message);
        Assert.Contains("northings in SWEREF 99 TM (EPSG:3006)", label.MessageEn);
        Assert.Contains(report.Errors, e => e.Code == IssueCodes.CoordinatesConverted);
    }

    [Fact]
    public async Task Two_columns_of_other_numbers_are_not_taken_for_a_position()
    {
        var spec = TestFiles.Registry.Find("badplatser")!;
        var lines = (await File.ReadAllLinesAsync(Path.Combine(TestFiles.RepositoryRoot, "samples", "exempelkommun_badplatser.csv"), Encoding.UTF8)).Take(4).ToArray();
        var header = lines[0].Split(',');
        header[2] = "antal";
        header[3] = "pris";
        var csv = new StringBuilder(string.Join(',', header)).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            (cells[2], cells[3]) = ("6500000", "7200000"); // a northing-like count beside a number outside every easting band
            csv.Append(string.Join(',', cells)).Append('\n');
        }
        var (report, _) = await CsvAsync(csv.ToString(), spec.Schema);
        Assert.Contains(report.Errors, e => e.Code == IssueCodes.MissingLabel && e.Column == "latitude");
    }

    [Fact]
    public async Task Columns_named_latitude_and_longitude_still_win_over_coordinate_names()
    {
        var schema = new TableSchema
        {
            Fields = [Field("latitude", FieldType.Number), Field("longitude", FieldType.Number), Field("x")],
            Geometry = new GeometryMapping("latitude", "longitude"),
        };
        var (_, sink) = await CsvAsync("latitude,longitude,x,y\n58.7,13.8,a,b\n", schema);
        Assert.Equal(58.7, Convert.ToDouble(sink.Rows[0].Values[0]));
        Assert.Equal("a", sink.Rows[0].Values[2]);
    }
}
