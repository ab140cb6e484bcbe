using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class PlainDecimalTests
{
    [Theory]
    [InlineData("57.123456")]
    [InlineData("-0")]
    [InlineData("-12.5")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("007")]
    [InlineData("999999999999999")]
    [InlineData("0.00000000000001")]
    [InlineData("123456789.123456")]
    public void Reads_plain_decimals_to_the_same_double_as_the_general_parser(string text)
    {
        Assert.True(FieldCheck.TryParsePlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e5")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("1234567890123456")] // sixteen digits: left to the general parser
    public void Leaves_every_other_shape_to_the_general_parser(string text) =>
        Assert.False(FieldCheck.TryParsePlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Random_coordinates_read_exactly_as_the_general_parser_reads_them()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            var text = (random.NextDouble() * Math.Pow(10, random.Next(-3, 9)) * (random.Next(2) == 0 ? -1 : 1))
                .ToString("F" + random.Next(0, 9), System.Globalization.CultureInfo.InvariantCulture);
            if (!FieldCheck.TryParsePlainDecimal(System.Text.Encoding.ASCII.GetBytes(text), out var value)) continue;
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value);
        }
    }
}
