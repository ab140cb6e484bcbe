using System.Data.Common;
using Npgsql;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Storage.Tests;

/// <summary>The row-store behaviour every provider must have; run once per provider by the subclasses.</summary>
public abstract class RowStoreContractTests : IAsyncLifetime
{
    protected IRowStore Store { get; private set; } = null!;
    protected RowDatabase Database { get; private set; } = null!;

    protected abstract Task<(IRowStore Store, RowDatabase Database)> CreateAsync();
    protected abstract Task CleanUpAsync();
    protected abstract string TableExistsSql { get; }
    protected abstract string IndexCountSql { get; }

    public async Task InitializeAsync() => (Store, Database) = await CreateAsync();
    public Task DisposeAsync() => CleanUpAsync();

    internal static TableLayout Badplatser() => new(new TableSchema
    {
        Fields =
        [
            new FieldDefinition { Name = "id", Type = FieldType.String },
            new FieldDefinition { Name = "namn", Type = FieldType.String },
            new FieldDefinition { Name = "kommunkod", Type = FieldType.String, Format = "kommunkod" },
            new FieldDefinition { Name = "typ", Type = FieldType.String, Constraints = new FieldConstraints { Enum = ["hav", "sjö"] } },
            new FieldDefinition { Name = "latitud", Type = FieldType.Number },
            new FieldDefinition { Name = "longitud", Type = FieldType.Number },
            new FieldDefinition { Name = "antal", Type = FieldType.Integer },
            new FieldDefinition { Name = "toalett", Type = FieldType.Boolean },
            new FieldDefinition { Name = "uppdaterad", Type = FieldType.Date },
            new FieldDefinition { Name = "mätt", Type = FieldType.DateTime },
            new FieldDefinition { Name = "öppnar", Type = FieldType.Time },
            new FieldDefinition { Name = "år", Type = FieldType.Year },
            new FieldDefinition { Name = "punkt", Type = FieldType.GeoPoint },
        ],
        PrimaryKey = ["id"],
        Geometry = new GeometryMapping("latitud", "longitud"),
    });

    private static object?[] Row(int i) =>
    [
        $"SE0A{i:D6}", $"Bad nr {i} – \"Åsa\"", "1480", i % 2 == 0 ? "hav" : "sjö", 57.0 + i * 1e-5, 11.9 + i * 1e-5, (long)i,
        i % 3 == 0, new DateOnly(2024, 2, 29).AddDays(i % 100), new DateTimeOffset(2024, 6, 1, 12, 30, 15, TimeSpan.FromHours(2)).AddMinutes(i),
        new TimeOnly(8, 15).AddMinutes(i % 60), 2000 + i % 25, new GeoPoint(57.0 + i * 1e-5, 11.9 + i * 1e-5),
    ];

    [Fact]
    public async Task Rows_of_every_type_come_back_with_the_same_values_in_source_order()
    {
        var layout = Badplatser();
        var rows = new[] { Row(1), new object?[] { "SE0A_nulls", null, null, null, null, null, null, null, null, null, null, null, null } };
        await using (var staged = await Store.CreateStagingTableAsync("rows_types_v1", layout))
        {
            await staged.WriteRowAsync(7, rows[0]);
            await staged.WriteRowAsync(9, rows[1]);
            Assert.Equal(2, await staged.CompleteAsync());
        }

        var read = await ReadAllAsync("rows_types_v1", layout);
        Assert.Equal(2, read.Count);
        for (var i = 0; i < rows[0].Length; i++)
        {
            if (rows[0][i] is DateTimeOffset expected)
            {
                // The instant is kept; the offset is normalised to UTC.
                Assert.Equal(expected.UtcDateTime, ((DateTimeOffset)read[0][i]!).UtcDateTime);
                Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)read[0][i]!).Offset);
            }
            else Assert.Equal(rows[0][i], read[0][i]);
        }
        Assert.Equal(rows[1], read[1]);
    }

    [Fact]
    public async Task Values_at_the_edges_of_their_types_come_back_unchanged()
    {
        var layout = Badplatser();
        // Text longer than a COPY chunk, four-byte UTF-8, values before PostgreSQL's 2000-01-01 epoch, extremes.
        var longText = string.Concat(Enumerable.Repeat("Sjön Åsunden 🏊 – ", 40_000));
        var rows = new[]
        {
            new object?[] { "edge-1", longText, "", "sjö", -90.0, -180.0, long.MinValue, false, new DateOnly(1, 1, 1),
                new DateTimeOffset(1969, 7, 20, 20, 17, 40, 123, TimeSpan.FromHours(-5)), new TimeOnly(0, 0), -44, new GeoPoint(-90, -180) },
            new object?[] { "edge-2", "ö", "2584", "hav", 90.0, 180.0, long.MaxValue, true, new DateOnly(9999, 12, 31),
                new DateTimeOffset(2099, 12, 31, 23, 59, 59, 999, TimeSpan.Zero), new TimeOnly(23, 59, 59, 999), 9999, new GeoPoint(90, 180) },
        };
        await using (var staged = await Store.CreateStagingTableAsync("rows_edges_v1", layout))
        {
            for (var i = 0; i < rows.Length; i++) await staged.WriteRowAsync(i + 1, rows[i]);
            Assert.Equal(2, await staged.CompleteAsync());
        }

        var read = await ReadAllAsync("rows_edges_v1", layout);
        for (var r = 0; r < rows.Length; r++)
            for (var i = 0; i < rows[r].Length; i++)
            {
                if (rows[r][i] is DateTimeOffset expected) Assert.Equal(expected.UtcDateTime, ((DateTimeOffset)read[r][i]!).UtcDateTime);
                else Assert.Equal(rows[r][i], read[r][i]);
            }
    }

    [Fact]
    public async Task Rows_inside_an_area_come_back_in_source_order_with_its_edges_included()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_area_v1", layout))
        {
            for (var i = 1; i <= 3000; i++) await staged.WriteRowAsync(i, Row(i)); // positions 57.00001… 11.90001… step 1e-5
            await staged.CompleteAsync();
        }
        // Rows 1000 to 2000 exactly, corners included.
        var area = new LonLatBox(11.9 + 1000 * 1e-5, 57.0 + 1000 * 1e-5, 11.9 + 2000 * 1e-5, 57.0 + 2000 * 1e-5);
        var numbers = new List<long>();
        await foreach (var row in Store.ReadRowsAsync("rows_area_v1", layout, area)) numbers.Add((long)row[6]!);
        Assert.Equal(Enumerable.Range(1000, 1001).Select(i => (long)i), numbers);
    }

    [Fact]
    public async Task A_large_load_keeps_every_row_in_order()
    {
        var layout = Badplatser();
        const int count = 30_000;
        await using (var staged = await Store.CreateStagingTableAsync("rows_large_v1", layout))
        {
            for (var i = 1; i <= count; i++) await staged.WriteRowAsync(i, Row(i));
            Assert.Equal(count, await staged.CompleteAsync());
        }

        var expected = 1L;
        await foreach (var row in Store.ReadRowsAsync("rows_large_v1", layout))
            Assert.Equal(expected++, row[6]);
        Assert.Equal(count + 1, expected);
    }

    [Fact]
    public async Task A_staged_table_disposed_without_completing_leaves_nothing_behind()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_abandoned_v1", layout))
            for (var i = 1; i <= 100; i++) await staged.WriteRowAsync(i, Row(i));

        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_abandoned_v1"));
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_abandoned_v1_load"));
    }

    [Fact]
    public async Task The_key_and_the_filter_columns_chosen_from_the_specification_are_indexed()
    {
        var layout = Badplatser();
        Assert.Equal(["id", "kommunkod", "typ"], RowIndexPlan.Columns(layout));
        // Repeating values are ordered by _row within the index, as OData pages are; unique ones need no second key.
        Assert.Equal(["id"], RowIndexPlan.KeyOf(layout, "id"));
        Assert.Equal(["kommunkod", "_row"], RowIndexPlan.KeyOf(layout, "kommunkod"));
        Assert.Equal(["typ", "_row"], RowIndexPlan.KeyOf(layout, "typ"));
        await using (var staged = await Store.CreateStagingTableAsync("rows_indexed_v1", layout))
        {
            await staged.WriteRowAsync(1, Row(1));
            await staged.CompleteAsync();
        }
        Assert.Equal(ExpectedIndexCount(layout), await ScalarAsync(IndexCountSql, "rows_indexed_v1"));
    }

    [Fact]
    public async Task Dropping_a_table_removes_it_and_dropping_a_missing_table_is_harmless()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_dropped_v1", layout))
            await staged.CompleteAsync();
        Assert.Equal(1L, await ScalarAsync(TableExistsSql, "rows_dropped_v1"));

        await Store.DropTableAsync("rows_dropped_v1");
        await Store.DropTableAsync("rows_dropped_v1");
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_dropped_v1"));
    }

    [Theory]
    [InlineData("rows; DROP TABLE x")]
    [InlineData("Rows")]
    [InlineData("a\"b")]
    public async Task Unsafe_table_names_are_refused(string name) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateStagingTableAsync(name, Badplatser()));

    [Fact]
    public async Task A_caller_may_reuse_its_row_array_once_a_row_is_written()
    {
        var layout = Badplatser();
        var reused = new object?[layout.Schema.Fields.Count];
        await using (var staged = await Store.CreateStagingTableAsync("rows_reused_v1", layout))
        {
            for (var i = 1; i <= 3_000; i++)
            {
                Row(i).CopyTo(reused, 0);
                await staged.WriteRowAsync(i, reused);
            }
            await staged.CompleteAsync();
        }
        var read = await ReadAllAsync("rows_reused_v1", layout);
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => $"SE0A{i:D6}"), read.Select(r => (string)r[0]!));
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), read.Select(r => (long)r[6]!));
    }

    [Fact]
    public async Task A_table_can_be_loaded_again_under_the_same_name_and_keeps_its_indexes()
    {
        var layout = Badplatser();
        foreach (var count in new[] { 10, 25 })
        {
            await using var staged = await Store.CreateStagingTableAsync("rows_reloaded_v1", layout);
            for (var i = 1; i <= count; i++) await staged.WriteRowAsync(i, Row(i));
            await staged.CompleteAsync();
        }
        Assert.Equal(25, (await ReadAllAsync("rows_reloaded_v1", layout)).Count);
        Assert.Equal(ExpectedIndexCount(layout), await ScalarAsync(IndexCountSql, "rows_reloaded_v1"));
    }

    protected abstract long ExpectedIndexCount(TableLayout layout);

    protected async Task<List<object?[]>> ReadAllAsync(string table, TableLayout layout)
    {
        var read = new List<object?[]>();
        await foreach (var row in Store.ReadRowsAsync(table, layout)) read.Add(row);
        return read;
    }

    protected async Task<long> ScalarAsync(string sql, string parameter)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = "@p";
        p.Value = parameter;
        command.Parameters.Add(p);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Append mode's store half: new keys are added, known keys updated (or kept), the rest carried over
    /// with their positions, and the previous version is untouched, so readers see it or the whole new one.</summary>
    [Fact]
    public async Task An_accumulating_load_adds_new_keys_updates_or_keeps_known_ones_and_carries_the_rest()
    {
        var layout = Badplatser();
        var key = new[] { layout.ColumnOf("id") };
        async Task WriteAsync(IStagedTable staged, int from, int to, string name)
        {
            for (var i = from; i <= to; i++)
            {
                var row = Row(i);
                row[1] = name;
                await staged.WriteRowAsync(i - from + 1, row);
            }
        }
        await using (var staged = await Store.CreateStagingTableAsync("rows_acc_v1", layout))
        {
            await WriteAsync(staged, 1, 100, "först");
            Assert.Equal(100, await staged.CompleteAsync());
            Assert.Null(staged.Accumulation);
        }
        await using (var staged = await Store.CreateAccumulatingTableAsync("rows_acc_v2", layout, new RowAccumulation("rows_acc_v1", key, updateExisting: true)))
        {
            await WriteAsync(staged, 91, 150, "ny");
            Assert.Equal(100, (await ReadAllAsync("rows_acc_v1", layout)).Count); // readers still see the previous version only
            Assert.Equal(150, await staged.CompleteAsync());
            Assert.Equal(new AccumulationOutcome(Carried: 90, KeysMet: 10), staged.Accumulation);
        }
        await using (var staged = await Store.CreateAccumulatingTableAsync("rows_acc_v3", layout, new RowAccumulation("rows_acc_v2", key, updateExisting: false)))
        {
            await WriteAsync(staged, 141, 160, "senare");
            Assert.Equal(160, await staged.CompleteAsync());
            Assert.Equal(new AccumulationOutcome(Carried: 150, KeysMet: 10), staged.Accumulation);
        }

        var v1 = await ReadAllAsync("rows_acc_v1", layout);
        Assert.Equal(100, v1.Count);
        Assert.All(v1, r => Assert.Equal("först", r[1]));

        var v2 = await ReadAllAsync("rows_acc_v2", layout);
        Assert.Equal(Enumerable.Range(1, 150).Select(i => $"SE0A{i:D6}"), v2.Select(r => (string)r[0]!).Order());
        Assert.All(v2, r => Assert.Equal(int.Parse(((string)r[0]!)[4..]) <= 90 ? "först" : "ny", r[1]));
        // Carried rows keep their place ahead of the new ones; every other value comes back as written.
        Assert.Equal(Enumerable.Range(1, 90).Select(i => $"SE0A{i:D6}"), v2.Take(90).Select(r => (string)r[0]!));
        Assert.Equal(Row(42).Skip(2), v2[41].Skip(2));

        var v3 = await ReadAllAsync("rows_acc_v3", layout);
        Assert.Equal(160, v3.Select(r => r[0]).Distinct().Count());
        Assert.Equal(160, v3.Count);
        Assert.All(v3, r => Assert.Equal(int.Parse(((string)r[0]!)[4..]) switch { <= 90 => "först", <= 150 => "ny", _ => "senare" }, r[1]));

        // Positions came along: the area read (the GiST index or the R*Tree and coordinate index) finds carried and new rows alike.
        var area = new LonLatBox(11.9 + 5e-6, 57.0 + 5e-6, 11.9 + 155.5e-5, 57.0 + 155.5e-5);
        var inArea = new List<object?[]>();
        await foreach (var row in Store.ReadRowsAsync("rows_acc_v3", layout, area)) inArea.Add(row);
        Assert.Equal(Enumerable.Range(1, 155).Select(i => $"SE0A{i:D6}"), inArea.Select(r => (string)r[0]!).Order());
    }

    protected async Task<DbDataReader> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteReaderAsync();
    }
}

public sealed class SqliteRowStoreContractTests : RowStoreContractTests
{
    private readonly TemporaryDirectory _dir = new();

    protected override Task<(IRowStore Store, RowDatabase Database)> CreateAsync()
    {
        var database = new SqliteRowDatabase($"Data Source={_dir.Combine("rows.db")}");
        return Task.FromResult<(IRowStore, RowDatabase)>((new SqliteRowStore(database), database));
    }

    protected override Task CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    protected override string TableExistsSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @p";
    protected override string IndexCountSql => "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = @p AND sql IS NOT NULL";
    // Plus the (latitude, longitude) index that geo.distance's bounding-box prefilter uses.
    protected override long ExpectedIndexCount(TableLayout layout) => RowIndexPlan.Columns(layout).Count + (layout.Schema.Geometry is null ? 0 : 1);
}

public sealed class PostgresRowStoreContractTests : RowStoreContractTests
{
    private TestDatabase? _database;
    private PostgresRowDatabase? _rows;

    protected override async Task<(IRowStore Store, RowDatabase Database)> CreateAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _rows = new PostgresRowDatabase(_database.ConnectionString);
        return (new PostgresRowStore(_rows), _rows);
    }

    protected override async Task CleanUpAsync()
    {
        if (_rows is not null) await _rows.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    protected override string TableExistsSql => "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = @p";
    protected override string IndexCountSql => "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = @p";
    // The primary key on _row, the planned b-tree indexes, and the GiST index on _geom.
    protected override long ExpectedIndexCount(TableLayout layout) => 1 + RowIndexPlan.Columns(layout).Count + 1;

    [Fact]
    public async Task A_filter_column_index_ends_with_the_row_number_so_an_equality_page_is_read_in_order_from_it()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_keyed_v1", layout))
        {
            for (var i = 1; i <= 5000; i++)
            {
                var row = Row(i);
                row[3] = i % 100 == 0 ? "hav" : "sjö"; // 'hav' is rare: the primary key walk would pass 99 rows per match
                await staged.WriteRowAsync(i, row);
            }
            await staged.CompleteAsync();
        }
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT indexdef FROM pg_indexes WHERE tablename = 'rows_keyed_v1' ORDER BY indexname";
        var definitions = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) definitions.Add(reader.GetString(0));
        static string KeyOf(string definition) => definition.Split(" WITH ")[0];
        Assert.Contains(definitions, d => KeyOf(d).EndsWith("(id)", StringComparison.Ordinal));
        Assert.Contains(definitions, d => KeyOf(d).EndsWith("(kommunkod, _row)", StringComparison.Ordinal));
        Assert.Contains(definitions, d => KeyOf(d).EndsWith("(typ, _row)", StringComparison.Ordinal));
        // The rows never change once loaded: index pages are packed full.
        Assert.All(definitions, d => Assert.Contains("fillfactor='100'", d, StringComparison.Ordinal));

        // The page query OData sends: the planner walks the composite index, with no sort and no filter step.
        command.CommandText = "EXPLAIN SELECT * FROM rows_keyed_v1 WHERE typ = 'hav' ORDER BY _row LIMIT 11";
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.Contains(plan, line => line.Contains("Index Scan using ix_rows_keyed_v1_2", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Columns_have_proper_types_and_positions_are_a_gist_indexed_geography_usable_by_postgis()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_geo_v1", layout))
        {
            await staged.WriteRowAsync(1, ["a", "Nära", "1480", "hav", 57.70, 11.97, 1L, true, null, null, null, null, null]);
            await staged.WriteRowAsync(2, ["b", "Långt bort", "0180", "sjö", 59.33, 18.07, 2L, false, null, null, null, null, null]);
            await staged.WriteRowAsync(3, ["c", "Ogiltig", "0180", "sjö", 123.0, 18.07, 3L, false, null, null, null, null, null]);
            await staged.CompleteAsync();
        }

        await using var connection = await Database.OpenConnectionAsync();
        var types = new Dictionary<string, string>();
        await using (var reader = await QueryAsync(connection,
            "SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = 'rows_geo_v1'"))
            while (await reader.ReadAsync()) types[reader.GetString(0)] = reader.GetString(1);
        Assert.Equal("float8", types["latitud"]);
        Assert.Equal("int8", types["antal"]);
        Assert.Equal("bool", types["toalett"]);
        Assert.Equal("date", types["uppdaterad"]);
        Assert.Equal("timestamptz", types["matt"]);
        Assert.Equal("time", types["oppnar"]);
        Assert.Equal("int4", types["ar"]);
        Assert.Equal("geography", types["_geom"]);

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM pg_indexes WHERE tablename = @p AND indexdef LIKE '%USING gist%'", "rows_geo_v1"));
        // Within 5 km of Gothenburg's centre: only the first row; the out-of-range row has no position.
        var near = new List<string>();
        await using (var reader = await QueryAsync(connection,
            "SELECT id FROM rows_geo_v1 WHERE ST_DWithin(_geom, ST_SetSRID(ST_MakePoint(11.9746, 57.7089), 4326)::geography, 5000)"))
            while (await reader.ReadAsync()) near.Add(reader.GetString(0));
        Assert.Equal(["a"], near);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM rows_geo_v1 WHERE _geom IS NULL AND id = @p", "c"));
        // The position is the row's own, to the last digit.
        await using (var reader = await QueryAsync(connection, "SELECT ST_X(_geom::geometry), ST_Y(_geom::geometry), ST_SRID(_geom) FROM rows_geo_v1 WHERE id = 'b'"))
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal((18.07, 59.33, 4326), (reader.GetDouble(0), reader.GetDouble(1), reader.GetInt32(2)));
        }
    }

    [Fact]
    public async Task Statistics_are_gathered_when_asked_after_the_load_not_during_it()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_stats_v1", layout))
        {
            for (var i = 1; i <= 2000; i++) await staged.WriteRowAsync(i, Row(i));
            await staged.CompleteAsync();
        }
        const string columnsWithStatistics = "SELECT count(*) FROM pg_stats WHERE tablename = @p";
        Assert.Equal(0L, await ScalarAsync(columnsWithStatistics, "rows_stats_v1"));

        await Store.UpdateStatisticsAsync("rows_stats_v1");
        Assert.Equal(layout.ColumnNames.Count + 2L, await ScalarAsync(columnsWithStatistics, "rows_stats_v1")); // + _row and _geom
        // The coded column's values are known to the planner.
        Assert.Equal(1L, await ScalarAsync(
            "SELECT count(*) FROM pg_stats WHERE tablename = @p AND attname = 'typ' AND most_common_vals::text = '{hav}'",
            "rows_stats_v1"));
    }

    [Fact]
    public async Task A_value_the_server_refuses_fails_the_load_with_its_reason_and_leaves_nothing_behind()
    {
        var layout = Badplatser();
        var error = await Assert.ThrowsAnyAsync<PostgresException>(async () =>
        {
            await using var staged = await Store.CreateStagingTableAsync("rows_refused_v1", layout);
            for (var i = 1; i <= 3000; i++)
            {
                var row = Row(i);
                if (i == 2500) row[1] = "Nul\0tecken"; // PostgreSQL text cannot hold U+0000
                await staged.WriteRowAsync(i, row);
            }
            await staged.CompleteAsync();
        });
        Assert.Contains("0x00", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_refused_v1"));
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_refused_v1_load"));
    }

    [Fact]
    public async Task Readers_never_see_a_table_that_is_still_loading()
    {
        var layout = Badplatser();
        await using var staged = await Store.CreateStagingTableAsync("rows_invisible_v1", layout);
        for (var i = 1; i <= 1000; i++) await staged.WriteRowAsync(i, Row(i));
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_invisible_v1"));
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_invisible_v1_load"));
        await staged.CompleteAsync();
        Assert.Equal(1000L, await ScalarAsync("SELECT count(*) FROM rows_invisible_v1 WHERE id <> @p", ""));
    }

    [Fact]
    public async Task A_load_that_fails_while_indexing_leaves_no_table_behind()
    {
        var layout = Badplatser();
        await using (var staged = await Store.CreateStagingTableAsync("rows_broken_v1", layout))
        {
            // The same row number twice: the COPY accepts it, building the primary key does not.
            for (var i = 1; i <= 2_000; i++) await staged.WriteRowAsync(i, Row(i));
            await staged.WriteRowAsync(7, Row(7));
            await Assert.ThrowsAsync<PostgresException>(() => staged.CompleteAsync());
        }
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_broken_v1"));
        Assert.Equal(0L, await ScalarAsync(TableExistsSql, "rows_broken_v1_load"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname LIKE @p", "%rows_broken_v1%"));
    }

    private static object?[] Row(int i) =>
        [$"r{i}", "x", "1480", "hav", 57.0, 12.0, (long)i, false, null, null, null, null, null];
}
