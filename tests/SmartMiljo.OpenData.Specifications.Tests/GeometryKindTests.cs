using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>A specification field that names one geometry kind takes only that kind; any other costs its own row a note.</summary>
public sealed class GeometryKindTests
{
    private static readonly TableSchema Parks = Schema(Field("id"), Field("yta", FieldType.Geometry, format: "polygon"));

    [Fact]
    public async Task A_line_where_the_specification_says_polygon_is_an_error_on_its_row_in_both_languages()
    {
        const string csv = "id,yta\n"
            + "p1,\"POLYGON ((16.35 56.66, 16.36 56.66, 16.36 56.67, 16.35 56.66))\"\n"
            + "c1,\"LINESTRING (16.3561 56.6634, 16.3602 56.6651)\"\n"
            + "p2,\"{\"\"type\"\":\"\"Polygon\"\",\"\"coordinates\"\":[[[16.30,56.60],[16.31,56.60],[16.31,56.61],[16.30,56.60]]]}\"\n"
            + "m1,\"MULTIPOLYGON (((16.30 56.60, 16.31 56.60, 16.31 56.61, 16.30 56.60)))\"\n";
        var (report, sink) = await CsvAsync(csv, Parks);

        Assert.Equal(["p1", "p2"], sink.Rows.Select(r => (string)r.Values[0]!));
        Assert.Equal(2, report.RowsInvalid);
        var line = Assert.Single(report.Errors, e => e.Row == 2);
        Assert.Equal(IssueCodes.TypeError, line.Code);
        Assert.Equal("yta", line.Column);
        // Data row 2 is row 3 as Excel numbers it (the header is row 1).
        Assert.Equal("Rad 3: kolumnen \"yta\" ska innehålla en yta (Polygon) men har en linje (LineString).", line.Message);
        Assert.Equal("Row 3: column \"yta\" must hold a Polygon but holds a LineString.", line.MessageEn);
        Assert.False(string.IsNullOrEmpty(line.Hint));
        Assert.False(string.IsNullOrEmpty(line.HintEn));
        Assert.Contains(report.Errors, e => e.Row == 4 && e.MessageEn.Contains("holds a MultiPolygon"));
    }

    [Fact]
    public async Task A_field_without_a_declared_kind_takes_any()
    {
        var (report, sink) = await CsvAsync("id,g\nc1,\"LINESTRING (16.3561 56.6634, 16.3602 56.6651)\"\np1,\"POINT (16.3 56.6)\"\n",
            Schema(Field("id"), Field("g", FieldType.Geometry)));
        Assert.Equal(2, sink.Rows.Count);
        Assert.Equal(0, report.RowsInvalid);
    }
}
