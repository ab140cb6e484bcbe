using System.Globalization;
using Npgsql;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// On PostgreSQL the OData geo filters add a box on the indexed geometry in front of the exact geography
/// predicate. These tests compare, on points spread over the whole globe (poles and the antimeridian
/// included), what the translated filters select with what the exact PostGIS predicate alone selects,
/// and check that the index is what answers them.
/// </summary>
public sealed class PostgresSpatialPrefilterTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private NpgsqlDataSource? _dataSource;

    private static readonly SqlDialectSyntax Syntax = SqlDialectSyntax.For(PostgresRowFormat.Instance);
    private static readonly SqlPoint Column = new("latitud", "longitud", PostgresRowFormat.Instance.GeographyColumn);

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        // 60,000 points: uniform over the sphere, and dense near both poles, along the antimeridian, in the
        // high-latitude band where great-circle edges bulge, and around Gothenburg.
        await ExecuteAsync($"""
            SELECT setseed(0.42);
            CREATE TABLE platser (_row bigint PRIMARY KEY, _geom geography(Point,4326));
            INSERT INTO platser
            SELECT g, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography FROM (
                SELECT g,
                    CASE g % 6 WHEN 0 THEN degrees(asin(2 * random() - 1)) WHEN 1 THEN 87 + 3 * random() WHEN 2 THEN -90 + 3 * random()
                               WHEN 3 THEN 160 * random() - 80 WHEN 4 THEN 55 + 25 * random() ELSE 57.5 + 0.5 * random() END AS lat,
                    CASE g % 6 WHEN 3 THEN CASE WHEN random() < 0.5 THEN 179 + random() ELSE -180 + random() END
                               WHEN 4 THEN 140 * random() - 70 WHEN 5 THEN 11.5 + random() ELSE 360 * random() - 180 END AS lon
                FROM generate_series(1, 60000) AS g) AS p;
            CREATE INDEX ix_platser_geom ON platser USING GIST {PostgresRowFormat.IndexedGeometry};
            ANALYZE platser;
            """);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Theory]
    [InlineData(57.7, 11.97, 2_000)]
    [InlineData(57.7, 11.97, 40_000)]
    [InlineData(0, 0, 3_000_000)]
    [InlineData(89.9, 0, 200_000)]
    [InlineData(88, -100, 400_000)]
    [InlineData(-89.5, 45, 300_000)]
    [InlineData(10, 179.99, 150_000)]
    [InlineData(-20, -179.9, 120_000)]
    [InlineData(60, 179.5, 600_000)]
    [InlineData(70, 0, 1_500_000)]
    [InlineData(30, 60, 14_000_000)]
    public async Task A_distance_filter_selects_exactly_what_the_geography_predicate_selects(double latitude, double longitude, double metres)
    {
        foreach (var inclusive in new[] { true, false })
        {
            var parameters = new SqlParameterList();
            var filter = Syntax.WithinDistance(Column, latitude, longitude, metres, inclusive, parameters);
            var selected = await RowsAsync(filter, parameters);
            var exact = await RowsAsync(
                $"ST_Distance(_geom, ST_SetSRID(ST_MakePoint({Invariant(longitude)}, {Invariant(latitude)}), 4326)::geography) {(inclusive ? "<=" : "<")} {Invariant(metres)}",
                new SqlParameterList());
            Assert.NotEmpty(exact);
            Assert.Equal(exact, selected);
        }
    }

    [Theory]
    [InlineData("POLYGON((-60 60,60 60,0 50,-60 60))")]                 // the northern edge bulges to 73.9°N
    [InlineData("POLYGON((-60 -60,0 -50,60 -60,-60 -60))")]             // and the southern one to 73.9°S
    [InlineData("POLYGON((170 -10,-170 -10,-170 10,170 10,170 -10))")]   // across the antimeridian
    [InlineData("POLYGON((11.8 57.6,12.3 57.6,12.3 57.9,11.8 57.9,11.8 57.6),(11.9 57.7,12.0 57.7,12.0 57.8,11.9 57.8,11.9 57.7))")]
    [InlineData("POLYGON((0 85,120 85,-120 85,0 85))")]                 // around the north pole
    public async Task An_intersects_filter_selects_exactly_what_the_geography_predicate_selects(string wkt)
    {
        var polygon = ParsePolygon(wkt);
        var parameters = new SqlParameterList();
        var selected = await RowsAsync(Syntax.Intersects(Column, polygon, parameters), parameters);
        var exact = await RowsAsync($"ST_Intersects(_geom, ST_GeogFromText('SRID=4326;{wkt}'))", new SqlParameterList());
        Assert.NotEmpty(exact);
        Assert.Equal(exact, selected);
    }

    [Fact]
    public async Task The_spatial_index_answers_distance_and_intersects_filters()
    {
        var parameters = new SqlParameterList();
        var near = Syntax.WithinDistance(Column, 57.7, 11.97, 5_000, inclusive: true, parameters);
        Assert.Contains("ix_platser_geom", await PlanAsync(near, parameters), StringComparison.Ordinal);

        parameters = new SqlParameterList();
        var inside = Syntax.Intersects(Column, ParsePolygon("POLYGON((11.8 57.6,12.3 57.6,12.3 57.9,11.8 57.9,11.8 57.6))"), parameters);
        Assert.Contains("ix_platser_geom", await PlanAsync(inside, parameters), StringComparison.Ordinal);
    }

    private async Task<List<long>> RowsAsync(string filter, SqlParameterList parameters)
    {
        await using var command = _dataSource!.CreateCommand($"SELECT _row FROM platser WHERE {filter} ORDER BY _row");
        Bind(command, parameters);
        var rows = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetInt64(0));
        return rows;
    }

    private static void Bind(NpgsqlCommand command, SqlParameterList parameters)
    {
        for (var i = 0; i < parameters.Values.Count; i++)
            command.Parameters.AddWithValue("p" + i.ToString(CultureInfo.InvariantCulture), parameters.Values[i] ?? DBNull.Value);
    }

    private async Task<string> PlanAsync(string filter, SqlParameterList parameters)
    {
        await using var command = _dataSource!.CreateCommand($"EXPLAIN SELECT _row FROM platser WHERE {filter}");
        Bind(command, parameters);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static SqlPolygon ParsePolygon(string wkt) => new(
        wkt["POLYGON((".Length..^2].Split("),(")
            .Select(ring => (IReadOnlyList<(double, double)>)ring.Split(',')
                .Select(pair => pair.Split(' '))
                .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
                .ToList())
            .ToList());

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
