using System.Diagnostics;
using System.Globalization;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

// bench/diff: the diff of two versions of N rows (default 1,000,000) with 1% of the rows touched, ÷ the Stage of the
// same version (completing its load: indexes and the swap), on PostgreSQL; with the specification's key and without.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var inv = CultureInfo.InvariantCulture;

await using var database = await TestPostgres.CreateDatabaseAsync();
string? serverLog = null;
if (Environment.GetEnvironmentVariable("DIFF_BENCH_EXPLAIN") == "1")
{
    // The comparison's plans with their timings, from auto_explain in the server's log.
    await using var admin = new Npgsql.NpgsqlConnection(database.ConnectionString);
    await admin.OpenAsync();
    var name = admin.Database;
    foreach (var setting in new[] { "session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 100", "auto_explain.log_analyze = on" })
    {
        await using var alter = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" SET {setting}", admin);
        await alter.ExecuteNonQueryAsync();
    }
    await using var where = new Npgsql.NpgsqlCommand("SHOW data_directory", admin);
    serverLog = Path.Combine(Path.GetDirectoryName((string)(await where.ExecuteScalarAsync())!)!, "server.log");
}
await using var rowDatabase = new PostgresRowDatabase(database.ConnectionString);
var store = new PostgresRowStore(rowDatabase);
var changes = new RowChanges(rowDatabase);

TableSchema Schema(bool keyed) => new()
{
    Fields =
    [
        new FieldDefinition { Name = "id", Type = FieldType.String, Constraints = new FieldConstraints { Required = true, Unique = keyed } },
        new FieldDefinition { Name = "namn", Type = FieldType.String },
        new FieldDefinition { Name = "kommunkod", Type = FieldType.String, Format = "kommunkod" },
        new FieldDefinition { Name = "latitud", Type = FieldType.Number },
        new FieldDefinition { Name = "longitud", Type = FieldType.Number },
        new FieldDefinition { Name = "antal", Type = FieldType.Integer },
        new FieldDefinition { Name = "toalett", Type = FieldType.Boolean },
        new FieldDefinition { Name = "uppdaterad", Type = FieldType.Date },
        new FieldDefinition { Name = "matt", Type = FieldType.DateTime },
        new FieldDefinition { Name = "beskrivning", Type = FieldType.String },
    ],
    PrimaryKey = keyed ? ["id"] : [],
    Geometry = new GeometryMapping("latitud", "longitud"),
};

// Version 2: every 200th row edited (0.5%), every 400th removed (0.25%) and as many new ones added (0.25%).
object?[] Row(int i, int version)
{
    var edited = version == 2 && i % 200 == 1;
    return
    [
        $"SE0A{i:D7}", $"Badplats {i}{(edited ? " (ny)" : "")}", (1400 + i % 90).ToString(inv), 55.5 + i % 10_000 * 0.0013, 11.5 + i / 10_000 * 0.11,
        (long)(i % 500) + (edited ? 1 : 0), i % 3 == 0, new DateOnly(2026, 1, 1).AddDays(i % 300),
        new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero).AddSeconds(i), $"Sandstrand med {i % 7} bryggor och grillplats",
    ];
}

IEnumerable<object?[]> Version(int version) => version == 1
    ? Enumerable.Range(1, rows).Select(i => Row(i, 1))
    : Enumerable.Range(1, rows).Where(i => i % 400 != 3).Select(i => Row(i, 2))
        .Concat(Enumerable.Range(rows + 1, rows / 400).Select(i => Row(i, 2)));

async Task<TimeSpan> LoadAsync(string table, TableLayout layout, int version)
{
    await using var staged = await store.CreateStagingTableAsync(table, layout);
    long n = 0;
    foreach (var row in Version(version)) await staged.WriteRowAsync(++n, row);
    var watch = Stopwatch.StartNew();
    await staged.CompleteAsync(); // what the harvest's Stage stage times
    return watch.Elapsed;
}

Console.WriteLine($"bench/diff: {rows:N0} rows, version 2 with {rows / 200:N0} edited, {rows / 400:N0} removed, {rows / 400:N0} added (1% of the rows)");
var ratios = new List<double>();
foreach (var keyed in new[] { true, false })
{
    var layout = new TableLayout(Schema(keyed));
    var name = keyed ? "keyed" : "plain";
    await LoadAsync($"rows_{name}_v1", layout, 1);
    await store.UpdateStatisticsAsync($"rows_{name}_v1"); // the published version's statistics are up to date
    var stage = await LoadAsync($"rows_{name}_v2", layout, 2);
    var watch = Stopwatch.StartNew();
    var counts = await changes.CompareAsync($"rows_{name}_v1", layout, $"rows_{name}_v2", layout);
    var diff = watch.Elapsed;
    var ratio = diff / stage;
    if (keyed) ratios.Add(ratio);
    Console.WriteLine(string.Create(inv,
        $"{(keyed ? "by key    " : "by content")}: Stage {stage.TotalSeconds:0.00} s, diff {diff.TotalSeconds:0.00} s; added {counts.Added:N0}, removed {counts.Removed:N0}, changed {counts.Changed:N0}; RATIO diff/stage {ratio:0.00} (goal <= 0.5)"));
    await store.DropTableAsync($"rows_{name}_v1");
    await store.DropTableAsync($"rows_{name}_v2");
}
if (serverLog is not null && File.Exists(serverLog))
    foreach (var line in File.ReadLines(serverLog).Where(l => !l.Contains("CREATE INDEX", StringComparison.Ordinal))) Console.WriteLine(line);
return ratios.All(r => r <= 0.5) ? 0 : 1;
