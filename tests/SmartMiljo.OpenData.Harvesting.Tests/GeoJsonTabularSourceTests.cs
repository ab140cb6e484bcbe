using System.Text;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Tests;

public sealed class GeoJsonTabularSourceTests
{
    [Fact]
    public async Task The_havs_bathing_water_registry_reads_as_one_row_per_feature_with_latitude_and_longitude()
    {
        await using var stream = File.OpenRead(RepositoryPaths.SharedSample("hav_active_bathing_waters_crs84.geojson"));
        await using var source = await GeoJsonTabularSource.LoadAsync(stream, default);

        Assert.Contains("nutsCode", source.Header);
        var lat = source.Header.ToList().IndexOf("latitude");
        var lon = source.Header.ToList().IndexOf("longitude");
        int count = 0, unplaced = 0, inSweden = 0;
        while (await source.ReadAsync() is { } record)
        {
            count++;
            Assert.Equal(count, record.RowNumber);
            // The registry places 11 waters at (0, 0), a GIS placeholder for "unknown": they get no coordinates.
            if (record.Cells[lat] == "" && record.Cells[lon] == "") { unplaced++; continue; }
            var la = double.Parse(record.Cells[lat]!, System.Globalization.CultureInfo.InvariantCulture);
            var lo = double.Parse(record.Cells[lon]!, System.Globalization.CultureInfo.InvariantCulture);
            // CRS84 order is lon, lat: swapped values would land outside Sweden. Six records really are
            // outside (e.g. latitude 90); they are passed on as they are for validation to judge.
            if (la is >= 55.0 and <= 69.5 && lo is >= 10.5 and <= 24.5) inSweden++;
        }
        Assert.Equal(2684, count);
        Assert.Equal(11, unplaced);
        Assert.Equal(2684 - 11 - 6, inSweden);
    }

    [Fact]
    public async Task Non_point_geometries_keep_their_geometry_whole_and_missing_properties_are_empty()
    {
        const string json = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"namn":"Spår"},"geometry":{"type":"LineString","coordinates":[[13,58],[14,59]]}},
              {"type":"Feature","properties":{"namn":"Bad"},"geometry":{"type":"Point","coordinates":[12.5,57.25]}},
              {"type":"Feature","properties":{"typ":"park"},"geometry":null}
            ]}
            """;
        await using var source = await GeoJsonTabularSource.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), default);
        // A line is no longer averaged to a point in its middle: it keeps every vertex in a column of its own.
        Assert.Equal(["namn", "typ", "latitude", "longitude", "geometry"], source.Header);
        var line = (await source.ReadAsync())!.Value;
        Assert.Equal(["Spår", "", "", "", """{"type":"LineString","coordinates":[[13,58],[14,59]]}"""], line.Cells);
        var point = (await source.ReadAsync())!.Value;
        Assert.Equal("57.25", point.Cells[2]);
        Assert.Equal("12.5", point.Cells[3]);
        var empty = (await source.ReadAsync())!.Value;
        Assert.Equal(["", "park", "", "", ""], empty.Cells);
        Assert.Null(await source.ReadAsync());
    }

    [Theory]
    [InlineData("{\"type\":\"Feature\"}")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task What_is_not_a_feature_collection_gets_a_clear_error(string text)
    {
        var ex = await Assert.ThrowsAsync<GeoJsonFormatException>(() =>
            GeoJsonTabularSource.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), default));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }
}
