using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class SchemaInferrerTests
{
    private static async Task<TableSchema> Infer(Stream stream)
    {
        await using var source = await CsvTabularSource.OpenAsync(stream);
        return await new SchemaInferrer().InferAsync(source);
    }

    [Fact]
    public async Task Chooses_the_narrowest_type_that_fits_every_value_in_the_whole_file()
    {
        // Row 3000 breaks the integer column: a sampler looking at the first rows would get it wrong.
        var rows = string.Concat(Enumerable.Range(1, 3000).Select(i =>
            $"{i},{(i == 3000 ? "\"12,5\"" : i.ToString())},{(i % 2 == 0 ? "ja" : "nej")},2024-01-{i % 28 + 1:00},0114,a{i}@kommun.se,{(i % 5 == 0 ? "" : "x")}\n"));
        var schema = await Infer(Validate.Utf8("id,count,open,day,kommun,email,note\n" + rows));

        FieldType TypeOf(string n) => schema.Find(n)!.Type;
        Assert.Equal(FieldType.Integer, TypeOf("id"));
        Assert.Equal(FieldType.Number, TypeOf("count"));
        Assert.Equal(FieldType.Boolean, TypeOf("open"));
        Assert.Equal(FieldType.Date, TypeOf("day"));
        Assert.Equal(FieldType.String, TypeOf("kommun"));
        Assert.Equal("kommunkod", schema.Find("kommun")!.Format);
        Assert.Equal("email", schema.Find("email")!.Format);
        Assert.True(schema.Find("id")!.Constraints.Unique);
        Assert.True(schema.Find("id")!.Constraints.Required);
        Assert.False(schema.Find("note")!.Constraints.Required);
        Assert.Equal(["id"], schema.PrimaryKey);
        Assert.Contains("3,000", schema.Find("id")!.Source);
    }

    [Fact]
    public async Task The_draft_validates_the_file_it_came_from_and_maps_coordinates()
    {
        var path = TestFiles.Sample("atervinningsstationer_sverige_stations.csv");
        TableSchema schema;
        await using (var file = File.OpenRead(path)) schema = await Infer(file);

        Assert.Equal(new GeometryMapping("latitude", "longitude"), schema.Geometry);
        Assert.Equal("kommunkod", schema.Find("municipalityCode")!.Format); // leading zeros kept: 0114
        Assert.Equal(FieldType.String, schema.Find("id")!.Type); // "16010-B" appears on data row 1,684
        Assert.Equal(FieldType.Number, schema.Find("latitude")!.Type);

        await using var again = File.OpenRead(path);
        var (report, sink) = await Validate.StreamAsync(again, schema);
        Assert.Equal(4774, report.RowsRead);
        Assert.True(report.RowsValid > 4700, report.SummaryEn);
        Assert.NotEqual(ValidationVerdict.Blocked, report.Verdict);
        Assert.Equal(report.RowsValid, sink.Rows.Count);
    }
}
