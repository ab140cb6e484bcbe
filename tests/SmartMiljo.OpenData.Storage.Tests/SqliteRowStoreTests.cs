using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Storage.Tests;

public sealed class SqliteRowStoreTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly SqliteRowDatabase _database;
    private readonly SqliteRowStore _store;

    public SqliteRowStoreTests()
    {
        _database = new SqliteRowDatabase($"Data Source={_dir.Combine("rows.db")}");
        _store = new SqliteRowStore(_database);
    }

    private static TableLayout AllTypes() => new(new TableSchema
    {
        Fields =
        [
            new FieldDefinition { Name = "Namn på plats", Type = FieldType.String },
            new FieldDefinition { Name = "antal", Type = FieldType.Integer },
            new FieldDefinition { Name = "djup", Type = FieldType.Number },
            new FieldDefinition { Name = "toalett", Type = FieldType.Boolean },
            new FieldDefinition { Name = "uppdaterad", Type = FieldType.Date },
            new FieldDefinition { Name = "mätt", Type = FieldType.DateTime },
            new FieldDefinition { Name = "öppnar", Type = FieldType.Time },
            new FieldDefinition { Name = "år", Type = FieldType.Year },
            new FieldDefinition { Name = "punkt", Type = FieldType.GeoPoint },
        ],
        PrimaryKey = ["antal"],
    });

    [Fact]
    public async Task Rows_of_every_type_come_back_with_the_same_values_in_source_order()
    {
        var layout = AllTypes();
        var rows = new[]
        {
            new object?[] { "Åsa strand – \"bästa\"", long.MaxValue, 12.5, true, new DateOnly(2024, 2, 29),
                new DateTimeOffset(2024, 6, 1, 12, 30, 15, TimeSpan.FromHours(2)), new TimeOnly(8, 15), 2024, new GeoPoint(58.71, 13.82) },
            new object?[] { null, -3L, -0.001, false, null, null, null, null, null },
        };
        await using (var staged = await _store.CreateStagingTableAsync("rows_test_v1", layout))
        {
            await staged.WriteRowAsync(7, rows[0]);
            await staged.WriteRowAsync(9, rows[1]);
            Assert.Equal(2, await staged.CompleteAsync());
        }

        var read = new List<object?[]>();
        await foreach (var row in _store.ReadRowsAsync("rows_test_v1", layout)) read.Add(row);

        Assert.Equal(2, read.Count);
        Assert.Equal(rows[0][..7].Take(5), read[0].Take(5));
        // Time zones are normalised to UTC but the instant is kept.
        Assert.Equal(((DateTimeOffset)rows[0][5]!).UtcDateTime, ((DateTimeOffset)read[0][5]!).UtcDateTime);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)read[0][5]!).Offset);
        Assert.Equal(rows[0][6], read[0][6]);
        Assert.Equal(rows[0][7], read[0][7]);
        Assert.Equal(rows[0][8], read[0][8]);
        Assert.Equal(rows[1], read[1]);
    }

    [Fact]
    public async Task A_staged_table_disposed_without_completing_is_dropped()
    {
        var layout = AllTypes();
        await using (var staged = await _store.CreateStagingTableAsync("rows_abandoned_v1", layout))
            await staged.WriteRowAsync(1, new object?[] { "x", 1L, 1.0, true, null, null, null, null, null });

        Assert.False(await TableExistsAsync("rows_abandoned_v1"));
    }

    [Fact]
    public async Task Columns_use_identifiers_derived_from_field_names_and_the_key_is_indexed()
    {
        var layout = AllTypes();
        Assert.Equal("namn_pa_plats", layout.ColumnNames[0]);
        Assert.Equal("ar", layout.ColumnNames[7]);
        await using (var staged = await _store.CreateStagingTableAsync("rows_cols_v1", layout))
            await staged.CompleteAsync();

        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('rows_cols_v1') ORDER BY cid";
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        Assert.Equal([RowTableFormat.RowNumberColumnName, .. layout.ColumnNames], columns);

        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rows_cols_v1'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public void Datetimes_are_stored_so_that_text_order_is_time_order()
    {
        // Local clock text would sort these the other way round: 02:00Z versus 04:00Z.
        var early = SqliteRowFormat.Encode(new DateTimeOffset(2024, 1, 2, 3, 0, 0, TimeSpan.FromHours(1)));
        var late = SqliteRowFormat.Encode(new DateTimeOffset(2024, 1, 1, 23, 0, 0, TimeSpan.FromHours(-5)));
        Assert.True(string.CompareOrdinal((string)early, (string)late) < 0);
        Assert.Equal("2024-01-01T23:00:00-05:00", ((DateTimeOffset)SqliteRowFormat.Decode(late, FieldType.DateTime)!).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-ddTHH:mm:sszzz"));
    }

    [Theory]
    [InlineData("rows; DROP TABLE x")]
    [InlineData("Rows")]
    [InlineData("a\"b")]
    public async Task Unsafe_table_names_are_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateStagingTableAsync(name, AllTypes()));
    }

    private async Task<bool> TableExistsAsync(string name)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $n";
        command.Parameters.Add(new SqliteParameter("$n", name));
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
