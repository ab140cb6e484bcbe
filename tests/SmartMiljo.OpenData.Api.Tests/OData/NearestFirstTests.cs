using System.Text.Json;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary><c>$orderby=geo.distance(...)</c>: nearest first (or last), nulls as OData places them, paged by keyset.</summary>
public abstract class NearestFirstTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private const string Ålsjön = "geography'SRID=4326;POINT(12.29 57.69)'";

    [Fact]
    public async Task Bathing_sites_nearest_first_and_farthest_first()
    {
        // Ascending puts the site without a position (B3) first, as OData orders nulls.
        Assert.Equal(["B3", "B1", "B4", "B5", "B2", "B6"], await IdsAsync("$orderby=" + Escape($"geo.distance(location, {Ålsjön})")));
        Assert.Equal(["B6", "B2", "B5", "B4", "B1", "B3"], await IdsAsync("$orderby=" + Escape($"geo.distance(location, {Ålsjön}) desc")));
        Assert.Equal(["B1", "B4"], await IdsAsync("$filter=" + Escape($"geo.distance(location, {Ålsjön}) lt 5000")
            + "&$orderby=" + Escape($"geo.distance(location, {Ålsjön}),id")));
    }

    [Fact]
    public async Task Paging_by_distance_returns_every_row_once_in_distance_order()
    {
        var order = Escape("geo.distance(position, geography'SRID=4326;POINT(12 55)')");
        var next = Org + "intressanta_platser?$orderby=" + order + "&$select=namn,position";
        var rows = new List<(string Name, double? Distance)>();
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("Prefer", "odata.maxpagesize=300");
            using var response = await Client.SendAsync(request);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(body.TryGetProperty("value", out var value), body.ToString());
            foreach (var row in value.EnumerateArray())
            {
                var position = row.GetProperty("position");
                double? distance = position.ValueKind == JsonValueKind.Null ? null : Haversine(55, 12,
                    position.GetProperty("coordinates")[1].GetDouble(), position.GetProperty("coordinates")[0].GetDouble());
                rows.Add((row.GetProperty("namn").GetString()!, distance));
            }
            next = body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
        Assert.Equal(TestDatasets.PlatserCount, rows.Select(r => r.Name).Distinct().Count());
        Assert.Equal(TestDatasets.PlatserCount, rows.Count);
        var withPosition = rows.SkipWhile(r => r.Distance is null).ToList();
        Assert.Equal(TestDatasets.PlatserCount / 10, rows.Count - withPosition.Count); // every null first
        Assert.All(withPosition, r => Assert.NotNull(r.Distance));
        Assert.Equal(0, withPosition[0].Distance!.Value, 3);
        // The sphere here and PostGIS's spheroid may order near-equal distances differently; never by more than 0.5 %.
        for (var i = 1; i < withPosition.Count; i++)
            Assert.True(withPosition[i].Distance >= withPosition[i - 1].Distance * 0.995,
                $"row {i}: {withPosition[i].Distance} after {withPosition[i - 1].Distance}");
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double radians = Math.PI / 180;
        var a = Math.Pow(Math.Sin((lat2 - lat1) * radians / 2), 2)
            + Math.Cos(lat1 * radians) * Math.Cos(lat2 * radians) * Math.Pow(Math.Sin((lon2 - lon1) * radians / 2), 2);
        return 2 * 6_371_008.8 * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

public sealed class SqliteNearestFirstTests(SqliteServiceFixture fixture) : NearestFirstTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresNearestFirstTests(PostgresServiceFixture fixture) : NearestFirstTests(fixture), IClassFixture<PostgresServiceFixture>;
