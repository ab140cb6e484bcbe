using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class GeographyTests
{
    private static readonly TableSchema Points = new()
    {
        Fields = [Field("name"), Field("latitude", FieldType.Number), Field("longitude", FieldType.Number)],
        Geometry = new GeometryMapping("latitude", "longitude"),
    };

    private static (double Lat, double Lon) At(ListSink sink, int i) => ((double)sink.Rows[i].Values[1]!, (double)sink.Rows[i].Values[2]!);

    [Fact]
    public async Task Wgs84_points_in_sweden_pass_unchanged()
    {
        var (report, sink) = await CsvAsync("name,latitude,longitude\nHattareviken,58.787,13.7396\n", Points);
        Assert.Equal(ValidationVerdict.Publishable, report.Verdict);
        Assert.Equal((58.787, 13.7396), At(sink, 0));
        Assert.Equal("WGS84 (EPSG:4326)", report.Facts["coordinateSystem"]);
    }

    [Fact]
    public async Task Sweref99_tm_is_recognised_and_converted_with_a_warning()
    {
        // Malmö, from the food-inspection specification's example (which gives both forms).
        var (report, sink) = await CsvAsync("name,latitude,longitude\nVesuvio,6164061.848,374031.174\n", Points);
        var (lat, lon) = At(sink, 0);
        Assert.Equal(55.60616, lat, 0.0005);
        Assert.Equal(13.000366, lon, 0.0005);
        var warning = Assert.Single(report.Errors);
        Assert.Equal("coordinates-converted", warning.Code);
        Assert.Contains("SWEREF 99 TM", warning.MessageEn);
        Assert.Equal("SWEREF 99 TM (EPSG:3006)", report.Facts["coordinateSystem"]);
        Assert.Equal(ValidationVerdict.PublishableWithWarnings, report.Verdict);
    }

    [Fact]
    public async Task Rt90_is_recognised_by_its_easting_and_converted()
    {
        // Stockholm city centre in RT 90 2.5 gon V.
        var (report, sink) = await CsvAsync("name,latitude,longitude\nStockholm,6580822,1628064\n", Points);
        var (lat, lon) = At(sink, 0);
        Assert.Equal(59.33, lat, 0.02);
        Assert.Equal(18.06, lon, 0.02);
        Assert.Contains("EPSG:3021", report.Facts["coordinateSystem"]);
    }

    [Fact]
    public async Task Local_sweref_zones_are_converted_when_declared_and_refused_when_not()
    {
        const string csv = "name,latitude,longitude\nStockholm,6580800,153900\n";
        var (declared, sink) = await CsvAsync(csv, Points, new ValidationOptions { SourceEpsg = 3011 });
        var (lat, lon) = At(sink, 0);
        Assert.Equal(59.33, lat, 0.02);
        Assert.Equal(18.06, lon, 0.02);
        Assert.Contains("SWEREF 99 18 00", declared.Facts["coordinateSystem"]);

        var (undeclared, none) = await CsvAsync(csv, Points);
        Assert.Empty(none.Rows);
        Assert.Contains("unknown coordinate system", Assert.Single(undeclared.Errors, e => e.Code == "coordinates-outside-sweden").MessageEn);
    }

    [Fact]
    public async Task Swapped_latitude_and_longitude_are_detected_and_turned()
    {
        var (report, sink) = await CsvAsync("name,latitude,longitude\nA,13.7396,58.787\nB,58.787,13.7396\n", Points);
        Assert.Equal((58.787, 13.7396), At(sink, 0));
        var issue = Assert.Single(report.Errors, e => e.Code == "coordinates-swapped");
        Assert.Equal(1, issue.Row);
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
    }

    [Fact]
    public async Task Points_outside_sweden_are_errors()
    {
        var (report, sink) = await CsvAsync("name,latitude,longitude\nNull Island,0,0\nOslo,59.91,10.2\nOk,58.787,13.7396\n", Points);
        Assert.Equal([3L], sink.Rows.Select(r => r.Row));
        Assert.Equal(2, report.Errors.Count(e => e.Code == "coordinates-outside-sweden"));
    }

    [Fact]
    public async Task Geopoint_fields_are_checked_and_converted_too()
    {
        var schema = new TableSchema { Fields = [Field("name"), Field("location", FieldType.GeoPoint)] };
        var (report, sink) = await CsvAsync("name,location\nA,\"6164061.848, 374031.174\"\nB,\"58.787, 13.7396\"\n", schema);
        var converted = (GeoPoint)sink.Rows[0].Values[1]!;
        Assert.Equal(55.606, converted.Latitude, 0.001);
        Assert.Equal(new GeoPoint(58.787, 13.7396), sink.Rows[1].Values[1]);
        Assert.Contains(report.Errors, e => e.Code == "coordinates-converted");
    }
}

public class PersonalDataTests
{
    [Theory]
    [InlineData("19121212-1212", true)]
    [InlineData("121212-1212", true)]
    [InlineData("191212121212", true)]
    [InlineData("121212-1213", false)]   // wrong check digit
    [InlineData("0501756100", false)]    // a phone number: no separator, ten digits
    [InlineData("212000-1355", false)]   // an organisation's number (third digit 2)
    public void Personnummer_detection_is_strict(string value, bool expected) =>
        Assert.Equal(expected, SwedishIds.LooksLikePersonnummer(value));

    [Fact]
    public async Task A_personnummer_anywhere_blocks_publication_and_is_masked_in_the_report()
    {
        var schema = Schema(Field("name"), Field("note"));
        var (report, sink) = await CsvAsync("name,note\nAnna,19121212-1212\nBo,hej\n", schema);
        var issue = Assert.Single(report.Errors, e => e.Code == "personal-data");
        Assert.Equal(IssueSeverity.Blocking, issue.Severity);
        Assert.Equal("19121212-****", issue.Value);
        Assert.DoesNotContain("1212-1212", report.ToJson());
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        Assert.Equal([2L], sink.Rows.Select(r => r.Row));
    }

    /// <summary>Issue #13: a number inside free text was published; only a cell holding just the number was caught.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_personnummer_inside_free_text_blocks_publication_and_is_masked_on_both_reading_paths(bool decodeFirst)
    {
        var schema = Schema(Field("name"), Field("note"), Field("tel", format: "phone"));
        var csv = "name,note,tel\nAnna,Kontakt 19121212-1212 ring,\nBo,samordningsnr 701063-2391.,\nCe,Ring 0501756100 eller 19121212-1213,\n";
        await using var source = await CsvTabularSource.OpenAsync(Utf8(csv), new CsvReadOptions { DecodeBeforeSplitting = decodeFirst });
        var sink = new ListSink();
        var report = await new TableValidator().ValidateAsync(source, schema, sink);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        var issues = report.Errors.Where(e => e.Code == "personal-data").ToList();
        Assert.Equal([1L, 2L], issues.Select(i => i.Row!.Value));
        Assert.Equal("Kontakt 19121212-**** ring", issues[0].Value);
        Assert.Equal("samordningsnr 701063-****.", issues[1].Value);
        var json = report.ToJson();
        Assert.DoesNotContain("1212-1212", json);
        Assert.DoesNotContain("063-2391", json);
        // Neither a phone number without separator nor a wrong check digit is taken for one.
        Assert.Equal([3L], sink.Rows.Select(r => r.Row));
    }

    /// <summary>No check echoes a number into the report: a value failing its pattern is masked too.</summary>
    [Fact]
    public async Task A_personnummer_in_a_value_that_fails_another_check_is_masked_in_that_message_too()
    {
        var schema = Schema(Field("code", constraints: new FieldConstraints { Pattern = "SE[0-9]{3}" }));
        var (report, _) = await CsvAsync("code\nSE123\nnr 19121212-1212\n", schema);
        var json = report.ToJson();
        Assert.Contains(report.Errors, e => e.Code == "constraint-error" && e.Value == "nr 19121212-****" && e.Message.Contains("19121212-****"));
        Assert.DoesNotContain("1212-1212", json);
    }

    [Fact]
    public async Task A_personnummer_column_header_blocks_publication()
    {
        var (report, _) = await CsvAsync("name,personnummer\nAnna,\n", Schema(Field("name")));
        Assert.Contains(report.Errors, e => e.Code == "personal-data" && e.Column == "personnummer" && e.Severity == IssueSeverity.Blocking);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
    }

    [Fact]
    public async Task A_sole_traders_organisationsnummer_is_personal_data()
    {
        var schema = Schema(Field("leverantor_id", format: "organisationsnummer"));
        var (report, sink) = await CsvAsync("leverantor_id\n212000-1355\n121212-1212\n", schema);
        Assert.Single(sink.Rows);
        var issue = Assert.Single(report.Errors, e => e.Code == "personal-data");
        Assert.Contains("sole trader", issue.MessageEn);
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
    }

    [Fact]
    public void Kommunkoder_are_the_290_scb_codes()
    {
        Assert.Equal(290, Kommunkoder.All.Count);
        Assert.Equal("Härryda", Kommunkoder.NameOf("1401"));
        Assert.True(Kommunkoder.Exists("0114"));
        Assert.False(Kommunkoder.Exists("0100"));
    }
}
