using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class TypedParsingTests
{
    private static async Task<object?> ReadOne(FieldType type, string cell, string? format = null)
    {
        var (report, sink) = await CsvAsync($"v\n\"{cell}\"\n", Schema(Field("v", type, format)));
        Assert.True(sink.Rows.Count == 1, $"'{cell}' as {type}/{format} was rejected: {report.Errors.FirstOrDefault()?.MessageEn}");
        return sink.Rows[0].Values[0];
    }

    private static async Task<ValidationIssue> Rejected(FieldType type, string cell, string? format = null)
    {
        var (report, sink) = await CsvAsync($"v\n\"{cell}\"\n", Schema(Field("v", type, format)));
        Assert.Empty(sink.Rows);
        return Assert.Single(report.Errors, e => e.Row == 1);
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData(" 12 ", 12L)]
    public async Task Integers_are_longs(string cell, long expected) => Assert.Equal(expected, await ReadOne(FieldType.Integer, cell));

    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("12,5", 12.5)]
    [InlineData("-0,25", -0.25)]
    [InlineData("1e3", 1000.0)]
    public async Task Numbers_accept_the_decimal_comma(string cell, double expected) => Assert.Equal(expected, await ReadOne(FieldType.Number, cell));

    [Theory]
    [InlineData("true", true)] [InlineData("false", false)] [InlineData("ja", true)] [InlineData("Nej", false)]
    [InlineData("Y", true)] [InlineData("N", false)] [InlineData("1", true)] [InlineData("0", false)] [InlineData("TRUE", true)]
    public async Task Booleans_accept_swedish_and_short_forms(string cell, bool expected) => Assert.Equal(expected, await ReadOne(FieldType.Boolean, cell));

    [Theory]
    [InlineData("2021-05-28")] [InlineData("2021-5-28")] [InlineData("20210528")] [InlineData("28/5/2021")] [InlineData("28.5.2021")] [InlineData("28 maj 2021")]
    public async Task Dates_accept_iso_and_swedish_forms(string cell) => Assert.Equal(new DateOnly(2021, 5, 28), await ReadOne(FieldType.Date, cell));

    [Fact]
    public async Task Datetimes_keep_offsets_and_read_local_time_as_swedish()
    {
        Assert.Equal(new DateTimeOffset(2018, 5, 10, 12, 31, 57, TimeSpan.FromHours(1)), await ReadOne(FieldType.DateTime, "2018-05-10T12:31:57+01:00"));
        // Summer: Swedish local time is UTC+2.
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 14, 30, 0, TimeSpan.FromHours(2)), await ReadOne(FieldType.DateTime, "2024-07-01 14:30"));
    }

    [Theory]
    [InlineData("14:30", 14, 30)] [InlineData("14.30", 14, 30)] [InlineData("07:05:00", 7, 5)]
    public async Task Times(string cell, int h, int m) => Assert.Equal(new TimeOnly(h, m), await ReadOne(FieldType.Time, cell));

    [Fact]
    public async Task Years_are_ints() => Assert.Equal(2024, await ReadOne(FieldType.Year, "2024"));

    [Theory]
    [InlineData("57.66, 12.14")] [InlineData("12.14, 57.66")] [InlineData("[57.66,12.14]")] [InlineData("POINT(12.14 57.66)")]
    public async Task Geopoints_read_in_either_order_inside_sweden(string cell) =>
        Assert.Equal(new GeoPoint(57.66, 12.14), await ReadOne(FieldType.GeoPoint, cell));

    [Theory]
    [InlineData("info@mariestad.se", "email")]
    [InlineData("https://www.osby.se/bada", "uri")]
    [InlineData("0501-756100", "phone")]
    [InlineData("+46 501 756100", "phone")]
    [InlineData("1401", "kommunkod")]
    [InlineData("212000-1355", "organisationsnummer")]
    public async Task String_formats_accept_valid_values(string cell, string format) => Assert.Equal(cell, await ReadOne(FieldType.String, cell, format));

    [Fact]
    public async Task A_kommunkod_that_lost_its_leading_zero_is_restored() =>
        Assert.Equal("0114", await ReadOne(FieldType.String, "114", "kommunkod"));

    [Theory]
    [InlineData(FieldType.Integer, "12.5", null, "whole number")]
    [InlineData(FieldType.Number, "1.234,5", null, "number")]
    [InlineData(FieldType.Boolean, "kanske", null, "true or false")]
    [InlineData(FieldType.Date, "2021-13-01", null, "YYYY-MM-DD")]
    [InlineData(FieldType.Time, "25:00", null, "time")]
    [InlineData(FieldType.Year, "24", null, "year")]
    [InlineData(FieldType.GeoPoint, "somewhere", null, "point")]
    [InlineData(FieldType.String, "info.mariestad.se", "email", "e-mail")]
    [InlineData(FieldType.String, "www.osby.se", "uri", "https://")]
    [InlineData(FieldType.String, "ring oss", "phone", "phone")]
    [InlineData(FieldType.String, "9999", "kommunkod", "municipality code")]
    [InlineData(FieldType.String, "212000-1356", "organisationsnummer", "check digit")]
    public async Task Wrong_values_are_type_errors_that_say_what_was_expected(FieldType type, string cell, string? format, string expectedWords)
    {
        var issue = await Rejected(type, cell, format);
        Assert.Equal("type-error", issue.Code);
        Assert.Equal(cell, issue.Value);
        Assert.Equal("v", issue.Column);
        Assert.Contains(expectedWords, issue.MessageEn + " " + issue.HintEn);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        Assert.False(string.IsNullOrWhiteSpace(issue.Hint));
    }

    [Fact]
    public async Task Normalised_values_are_accepted_with_one_warning_per_column()
    {
        var (report, sink) = await CsvAsync("flag\nja\nY\ntrue\nnej\n", Schema(Field("flag", FieldType.Boolean)));
        Assert.Equal(4, sink.Rows.Count);
        var warning = Assert.Single(report.Errors);
        Assert.Equal("value-normalised", warning.Code);
        Assert.StartsWith("3 ", warning.MessageEn);
        Assert.Equal(ValidationVerdict.PublishableWithWarnings, report.Verdict);
    }
}
