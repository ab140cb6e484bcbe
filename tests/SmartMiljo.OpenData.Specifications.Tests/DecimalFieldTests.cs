using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Exact decimals (<c>"type": "number", "x-decimal": true</c>): read without rounding, within the digits every
/// store and download holds, and written back to Table Schema as they were declared.</summary>
public sealed class DecimalFieldTests
{
    [Theory]
    [InlineData("12345.67", "12345.67", ParseOutcome.Ok)]
    [InlineData(" 0.10 ", "0.1", ParseOutcome.Ok)] // trailing zeros are the same number
    [InlineData("98765432109876543.21", "98765432109876543.21", ParseOutcome.Ok)] // beyond a double's 15-17 digits
    [InlineData("-500.25", "-500.25", ParseOutcome.Ok)]
    [InlineData("1234,50", "1234.5", ParseOutcome.Normalised)] // a Swedish decimal comma
    [InlineData("0.000000000000000001", "0.000000000000000001", ParseOutcome.Ok)] // 18 decimals
    public void Decimals_are_read_exactly(string text, string expected, ParseOutcome outcome)
    {
        Assert.Equal(outcome, CellParsers.Decimal(text, out var value));
        Assert.Equal(expected, ((decimal)value!).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("0.0000000000000000001")] // 19 decimals
    [InlineData("100000000000000000000")] // 21 digits before the point
    [InlineData("1.234,50")]
    [InlineData("tolv")]
    [InlineData("NaN")]
    public void Values_no_store_can_hold_exactly_are_invalid(string text) =>
        Assert.Equal(ParseOutcome.Invalid, CellParsers.Decimal(text, out _));

    [Fact]
    public void X_decimal_makes_a_number_exact_and_is_written_back()
    {
        var schema = TableSchemaJson.Parse("""{"fields":[{"name":"belopp","type":"number","x-decimal":true},{"name":"djup","type":"number"}]}""");
        Assert.Equal(FieldType.Decimal, schema.Fields[0].Type);
        Assert.Equal(FieldType.Number, schema.Fields[1].Type);
        var written = TableSchemaJson.Serialize(schema);
        Assert.Contains("\"name\":\"belopp\",\"type\":\"number\",\"x-decimal\":true", written);
        Assert.Equal(FieldType.Decimal, TableSchemaJson.Parse(written).Fields[0].Type);
        Assert.Throws<FormatException>(() => TableSchemaJson.Parse("""{"fields":[{"name":"namn","type":"string","x-decimal":true}]}"""));
    }

    [Fact]
    public async Task The_leverantorsreskontra_amount_is_exact_and_a_bad_one_is_reported_on_its_row()
    {
        var spec = TestFiles.Registry.Find("leverantorsreskontra")!;
        Assert.Equal(FieldType.Decimal, spec.Schema.Find("belopp")!.Type);
        const string csv = "kopare,faktura_nr,leverantor,leverantor_id,forvaltning,konto_nr,konto_text,belopp,valuta\n"
            + "2120000787,F1,Leverantör AB,5560360793,Teknik,4010,Material,98765432109876543.21,SEK\n"
            + "2120000787,F2,Leverantör AB,5560360793,Teknik,4010,Material,12 345,SEK\n";
        var (report, sink) = await CsvAsync(csv, spec.Schema);
        Assert.Equal(98765432109876543.21m, sink.Rows[0].Values[spec.Schema.IndexOf("belopp")]);
        var error = Assert.Single(report.Errors, e => e.Column == "belopp");
        Assert.Contains("tusentalsavgränsare", error.Message + error.Hint);
        Assert.Contains("thousands separators", error.MessageEn + error.HintEn);
    }
}
