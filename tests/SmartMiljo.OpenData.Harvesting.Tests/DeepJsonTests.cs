using System.Text;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// JSON from sources (GeoJSON, WFS in GeoJSON, JSON APIs) is read with System.Text.Json's depth limit (64):
/// hostile nesting ends in a format error for that source, never a stack overflow of the server.
/// </summary>
public sealed class DeepJsonTests
{
    private static MemoryStream Collection(string propertyValue) => new(Encoding.UTF8.GetBytes(
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"namn\":\"A\",\"djup\":" + propertyValue
        + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[12.1,57.7]}}]}"));

    private static async Task<int> ReadAllAsync(Stream stream)
    {
        await using var source = await GeoJsonTabularSource.LoadAsync(stream, default);
        int rows = 0;
        while (await source.ReadAsync() is not null) rows++;
        return rows;
    }

    [Theory]
    [InlineData(100_000, '[', ']')]
    [InlineData(100_000, '{', '}')]
    public async Task A_feature_nested_100000_deep_is_a_format_error(int depth, char open, char close)
    {
        var value = open == '['
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string(close, depth);
        var e = await Assert.ThrowsAsync<GeoJsonFormatException>(() => ReadAllAsync(Collection(value)));
        Assert.Contains("depth", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ordinary_nesting_still_reads()
    {
        var value = new string('[', 20) + "1" + new string(']', 20);
        Assert.Equal(1, await ReadAllAsync(Collection(value)));
    }
}
