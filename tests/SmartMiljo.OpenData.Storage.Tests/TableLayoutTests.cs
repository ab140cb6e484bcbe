using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Storage.Tests;

public sealed class TableLayoutTests
{
    [Theory]
    [InlineData("facility.name", "facility_name")]
    [InlineData("Öppet år", "oppet_ar")]
    [InlineData("2nd", "f_2nd")]
    [InlineData("___", "f_")]
    [InlineData("place_id", "place_id")]
    public void Field_names_become_safe_identifiers(string name, string expected) =>
        Assert.Equal(expected, TableLayout.ToIdentifier(name));

    [Fact]
    public void Colliding_names_get_distinct_columns_and_never_the_row_number_column()
    {
        var layout = new TableLayout(new TableSchema
        {
            Fields = [new FieldDefinition { Name = "a.b" }, new FieldDefinition { Name = "a b" }, new FieldDefinition { Name = "_row" }],
        });
        Assert.Equal(3, layout.ColumnNames.Distinct().Count());
        Assert.DoesNotContain(RowTableFormat.RowNumberColumnName, layout.ColumnNames);
    }

    [Fact]
    public void Table_schema_json_round_trips_our_extensions()
    {
        var schema = new TableSchema
        {
            Fields =
            [
                new FieldDefinition { Name = "nutskod", Aliases = ["hov_ref"], Constraints = new FieldConstraints { Required = true, Pattern = "^SE" } },
                new FieldDefinition { Name = "latitude", Type = FieldType.Number, Constraints = new FieldConstraints { Minimum = 55, Maximum = 69.1 } },
                new FieldDefinition { Name = "longitude", Type = FieldType.Number },
            ],
            PrimaryKey = ["nutskod"],
            Geometry = new GeometryMapping("latitude", "longitude"),
        };
        var back = TableSchemaJson.Parse(TableSchemaJson.Serialize(schema));
        Assert.Equal(schema.Fields, back.Fields, (a, b) => a.Name == b.Name && a.Type == b.Type && a.Constraints == b.Constraints && a.Aliases.SequenceEqual(b.Aliases));
        Assert.Equal(schema.PrimaryKey, back.PrimaryKey);
        Assert.Equal(schema.Geometry, back.Geometry);
    }

    [Fact]
    public void A_schema_with_an_unknown_type_is_rejected_with_the_field_named()
    {
        var ex = Assert.Throws<FormatException>(() => TableSchemaJson.Parse("""{"fields":[{"name":"x","type":"blob"}]}"""));
        Assert.Contains("'x'", ex.Message);
    }
}
