using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Storage.Tests;

/// <summary>
/// Version diffs computed in the database, on both stores: three versions with known edits give exactly the rows
/// added, removed and changed (by key, and by content without one), the changed columns, and the schema changes.
/// </summary>
public abstract class RowChangesTests : IAsyncLifetime
{
    protected IRowStore Store { get; private set; } = null!;
    protected RowDatabase Database { get; private set; } = null!;
    private IRowChanges Changes => new RowChanges(Database);

    protected abstract Task<(IRowStore Store, RowDatabase Database)> CreateAsync();
    protected abstract Task CleanUpAsync();
    protected abstract string TableExistsSql { get; }

    public async Task InitializeAsync() => (Store, Database) = await CreateAsync();
    public Task DisposeAsync() => CleanUpAsync();

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static FieldDefinition Field(string name, FieldType type) => new() { Name = name, Type = type };

    private static TableLayout Keyed(params FieldDefinition[] fields) => new(new TableSchema { Fields = fields, PrimaryKey = ["id"] });

    /// <summary>Version 1 and 2: id, name, count, updated (date), area (a geometry).</summary>
    private static readonly TableLayout Parks = Keyed(Field("id", FieldType.String), Field("namn", FieldType.String), Field("antal", FieldType.Integer),
        Field("uppdaterad", FieldType.Date), Field("yta", FieldType.Geometry));

    /// <summary>Version 3: <c>uppdaterad</c> removed, <c>antal</c> retyped to text, <c>betyg</c> added.</summary>
    private static readonly TableLayout ParksV3 = Keyed(Field("id", FieldType.String), Field("namn", FieldType.String), Field("antal", FieldType.String),
        Field("betyg", FieldType.Number), Field("yta", FieldType.Geometry));

    private static Geometry Square(double x) => Wgs84.ToGeometry(new Envelope(16 + x, 16.01 + x, 57, 57.01));

    private static object?[] Park(int i) => [$"P{i}", $"Park {i}", (long)i, new DateOnly(2026, 6, 1).AddDays(i), Square(i / 100.0)];

    private async Task LoadAsync(string table, TableLayout layout, IEnumerable<object?[]> rows)
    {
        await using var staged = await Store.CreateStagingTableAsync(table, layout);
        long n = 0;
        foreach (var row in rows) await staged.WriteRowAsync(++n, row);
        await staged.CompleteAsync();
    }

    private async Task<List<RowChange>> ReadAsync(string table, TableLayout layout)
    {
        var changes = new List<RowChange>();
        await foreach (var change in Changes.ReadChangesAsync(table, layout)) changes.Add(change);
        return changes;
    }

    private static string Key(RowChange change) => (string)change.Values[0]!;

    [Fact]
    public async Task Three_versions_with_known_edits_give_exactly_the_rows_added_removed_and_changed_by_key()
    {
        var v1 = Enumerable.Range(1, 10).Select(Park).ToList();
        await LoadAsync("rows_parks_v1", Parks, v1);

        // Version 2: two added, one removed, four changed (a name, a count, a date to null, an area moved), the rest as they were.
        var v2 = Enumerable.Range(1, 10).Where(i => i != 7).Select(Park).Concat([Park(11), Park(12)]).ToList();
        v2[2][1] = "Park 3, omdöpt";
        v2[4][2] = 500L;
        v2[3][3] = null;
        v2[5][4] = Square(0.5);
        await LoadAsync("rows_parks_v2", Parks, v2);

        var counts = await Changes.CompareAsync("rows_parks_v1", Parks, "rows_parks_v2", Parks);
        Assert.Equal(new RowChangeCounts(Added: 2, Removed: 1, Changed: 4, ByKey: true), counts);
        var changes = await ReadAsync("rows_parks_v2", Parks);
        Assert.Equal(new[] { "P11", "P12" }, changes.Where(c => c.Kind == RowChangeKind.Added).Select(Key));
        var removed = Assert.Single(changes, c => c.Kind == RowChangeKind.Removed);
        Assert.Equal(Park(7)[..4], removed.Values[..4]); // the removed row as the previous version had it
        Assert.Equal(7, removed.RowNumber);
        Assert.Equal(Park(7)[4], removed.Values[4]);
        var changed = changes.Where(c => c.Kind == RowChangeKind.Changed).ToDictionary(Key, c => c.ChangedColumns);
        Assert.Equal(new[] { "namn" }, changed["P3"]);
        Assert.Equal(new[] { "antal" }, changed["P5"]);
        Assert.Equal(new[] { "uppdaterad" }, changed["P4"]);
        Assert.Equal(new[] { "yta" }, changed["P6"]);
        Assert.Equal(4, changed.Count);
        // Added and changed rows come first in the new version's order, removed ones last.
        Assert.Equal(RowChangeKind.Removed, changes[^1].Kind);
        Assert.Equal(500L, changes.Single(c => Key(c) == "P5").Values[2]);

        // Version 3: a new schema (a column removed, one retyped, one added), a name edited, two rows removed, one added.
        var v3 = v2.Where(r => (string)r[0]! is not ("P1" or "P2"))
            .Select(r => new object?[] { r[0], r[1], ((long)r[2]!).ToString(System.Globalization.CultureInfo.InvariantCulture), 4.5, r[4] })
            .Append(new object?[] { "P13", "Park 13", "13", null, Square(0.13) }).ToList();
        v3[0][1] = "Park 3, omdöpt igen";
        await LoadAsync("rows_parks_v3", ParksV3, v3);

        counts = await Changes.CompareAsync("rows_parks_v2", Parks, "rows_parks_v3", ParksV3);
        // Only columns both versions have with the same type are compared: the retyped count and the new grade are schema changes.
        Assert.Equal(new RowChangeCounts(Added: 1, Removed: 2, Changed: 1, ByKey: true), counts);
        changes = await ReadAsync("rows_parks_v3", ParksV3);
        Assert.Equal(new[] { "P13" }, changes.Where(c => c.Kind == RowChangeKind.Added).Select(Key));
        Assert.Equal(new[] { "P1", "P2" }, changes.Where(c => c.Kind == RowChangeKind.Removed).Select(Key));
        var renamed = Assert.Single(changes, c => c.Kind == RowChangeKind.Changed);
        Assert.Equal("P3", Key(renamed));
        Assert.Equal(new[] { "namn" }, renamed.ChangedColumns);
        var p1 = changes.Single(c => Key(c) == "P1");
        Assert.Equal(new object?[] { "P1", "Park 1", null, null, Square(0.01) }, p1.Values); // no value where the previous version had none of that type

        Assert.Equal(
            new[]
            {
                new SchemaChange(SchemaChangeKind.Retyped, "antal", "integer", "string"),
                new SchemaChange(SchemaChangeKind.Added, "betyg", null, "number"),
                new SchemaChange(SchemaChangeKind.Removed, "uppdaterad", "date", null),
            },
            SchemaChange.Between(Parks.Schema, ParksV3.Schema));
    }

    [Fact]
    public async Task Without_a_key_rows_are_matched_by_content_and_every_copy_counts()
    {
        var layout = new TableLayout(new TableSchema { Fields = [Field("namn", FieldType.String), Field("varde", FieldType.Number), Field("dag", FieldType.Date)] });
        object?[] Row(string name, double value) => [name, value, new DateOnly(2026, 12, 1)];
        await LoadAsync("rows_plain_v1", layout, [Row("A", 1), Row("B", 2), Row("B", 2), Row("C", 0.1 + 0.2)]);
        // One B fewer, one C more, D new, and C's value only 1e-16 away from the other C: a different double is a different row.
        await LoadAsync("rows_plain_v2", layout, [Row("A", 1), Row("B", 2), Row("C", 0.1 + 0.2), Row("C", 0.1 + 0.2), Row("D", 4), Row("C", 0.3)]);

        var counts = await Changes.CompareAsync("rows_plain_v1", layout, "rows_plain_v2", layout);
        Assert.Equal(new RowChangeCounts(Added: 3, Removed: 1, Changed: 0, ByKey: false), counts);
        var changes = await ReadAsync("rows_plain_v2", layout);
        Assert.Equal(new[] { (RowChangeKind.Added, 4L), (RowChangeKind.Added, 5L), (RowChangeKind.Added, 6L), (RowChangeKind.Removed, 3L) },
            changes.Select(c => (c.Kind, c.RowNumber)));
        Assert.Equal(0.3, changes[2].Values[1]);
        Assert.Equal("B", changes[3].Values[0]);

        // A third version identical to the second: nothing changed.
        await LoadAsync("rows_plain_v3", layout, [Row("A", 1), Row("B", 2), Row("C", 0.1 + 0.2), Row("C", 0.1 + 0.2), Row("D", 4), Row("C", 0.3)]);
        Assert.Equal(new RowChangeCounts(0, 0, 0, false), await Changes.CompareAsync("rows_plain_v2", layout, "rows_plain_v3", layout));
        Assert.Empty(await ReadAsync("rows_plain_v3", layout));
    }

    [Fact]
    public async Task The_changes_go_with_the_version_when_its_table_is_dropped()
    {
        await LoadAsync("rows_drop_v1", Parks, [Park(1)]);
        await LoadAsync("rows_drop_v2", Parks, [Park(2)]);
        Assert.Equal(new RowChangeCounts(1, 1, 0, true), await Changes.CompareAsync("rows_drop_v1", Parks, "rows_drop_v2", Parks));
        Assert.Equal(1, await CountTablesAsync(RowTableFormat.ChangesTableOf("rows_drop_v2")));
        await Store.DropTableAsync("rows_drop_v2");
        Assert.Equal(0, await CountTablesAsync(RowTableFormat.ChangesTableOf("rows_drop_v2")));
    }

    private async Task<long> CountTablesAsync(string name)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = TableExistsSql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p";
        parameter.Value = name;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteRowChangesTests : RowChangesTests
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
}

public sealed class PostgresRowChangesTests : RowChangesTests
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
}
