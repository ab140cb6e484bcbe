using System.Buffers.Text;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Query;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Api.Ogc;
using SmartMiljo.OpenData.Bench.OData;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Rows;

// OData throughput against the same SQL run directly in this process. See README.md.
if (!Wrk.EnsureAvailable())
{
    Environment.ExitCode = 2;
    return;
}
var rows = Option("--rows", 1_000_000);
var seconds = Option("--duration", 10);
var connections = Option("--connections", 8);
var warmup = Option("--warmup", 3);
var rounds = Option("--rounds", 1);
var postgres = Environment.GetEnvironmentVariable("SMARTMILJO_BENCH_POSTGRES");

RowDatabase database;
DatabaseServerCpu? serverCpu = null;
if (postgres is { Length: > 0 })
{
    var rowDatabase = new PostgresRowDatabase(postgres); // the service's own row database, as Server composes it
    var dataSource = rowDatabase.DataSource;
    Console.WriteLine($"Loading {rows:N0} rows into PostgreSQL (once; --reload loads again)...");
    await BenchData.CreatePostgresAsync(dataSource, rows, reload: args.Contains("--reload"));
    database = rowDatabase;
    serverCpu = await DatabaseServerCpu.FindAsync(dataSource);
}
else
{
    var path = Path.Combine(Path.GetTempPath(), $"odata-bench-{rows}.db");
    if (!File.Exists(path))
    {
        Console.WriteLine($"Creating {rows:N0} rows in {path} (once; reused on later runs)...");
        await BenchData.CreateSqliteAsync(path + ".tmp", rows);
        File.Move(path + ".tmp", path);
    }
    await using (var connection = new SqliteConnection($"Data Source={path}"))
    {
        await connection.OpenAsync();
        await BenchData.EnsureIndexesAsync(connection, postgres: false);
    }
    database = new SqliteRowDatabase($"Data Source={path}");
}

var published = BenchData.Published(rows);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<IPublishedDatasets>(new SingleDataset(published));
builder.Services.AddSingleton<IRowDatabase>(database);
builder.Services.AddODataService();
builder.Services.AddOgcFeatures();
var app = builder.Build();
app.MapODataEndpoints();
app.MapOgcFeatureEndpoints();
await app.StartAsync();
var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var deepToken = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"[1,\"_row\",{rows * 9 / 10}]"));
var scenarios = new (string Name, string Query)[]
{
    ("(a) indexed eq, $top=100", "$filter=kommun eq 'K0123'&$top=100"),
    ("(b) geo.distance < 5 km", "$filter=geo.distance(location, geography'SRID=4326;POINT(15.0 60.0)') lt 5000&$top=100"),
    ("(c) deep page (nextLink)", $"$top=100&$skiptoken={deepToken}"),
};

var model = EdmModelBuilder.Build([published], regional: false);
var set = model.EntitySets[0];
var syntax = SqlDialectSyntax.For(database.Format);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault(); // e.g. "--only a" runs scenario (a) alone
var runs = scenarios.Where(s => only is null || s.Name.StartsWith($"({only})", StringComparison.Ordinal))
    .Select(s => (s.Name, Url: $"{baseUrl}/odata/bench/platser?{Uri.EscapeDataString(s.Query).Replace("%26", "&").Replace("%3D", "=")}",
        Sql: CollectionQuery.Build(set, ParsedQuery.Parse(model, set, QueryOptions.From(new QueryCollection(QueryHelpers.ParseQuery(s.Query))), new ODataServiceOptions()),
            syntax, TimeProvider.System.GetUtcNow(), new ODataServiceOptions().MaxPageSize, withCount: false), s.Query))
    .ToList();

// Warm-up: both sides run every scenario first, so neither pays for JIT compilation and tiering
// (the first scenario measured used to carry it all), and both start with warm database caches.
foreach (var run in runs)
{
    using (var http = new HttpClient())
    {
        var response = await http.GetAsync(run.Url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{run.Name}: {(int)response.StatusCode} {body}");
        Console.Error.WriteLine($"  {run.Name}: {Regex.Matches(body, "\"kod\"").Count} rows per response");
    }
    RunWrk(run.Url, warmup, connections);
    await RunDirect(database, run.Sql, warmup, connections);
}

Console.WriteLine($"Dialect {database.Dialect}, {rows:N0} rows, wrk -t2 -c{connections} -d{seconds}s, direct: {connections} concurrent loops for {seconds}s, warm-up {warmup}s, {rounds} round(s)");
Console.WriteLine($"{"scenario",-28} {"OData req/s",12} {"p99 ms",8} {"direct req/s",13} {"p99 ms",8} {"ratio",7} {"OData µs",10} {"direct µs",10} {"cpu ratio",7}");
for (var round = 0; round < rounds; round++)
foreach (var (name, url, sql, query) in runs)
{
    // The two sides alternate within a round, so a change in machine load hits both alike.
    var cpu = CpuTime();
    var odata = RunWrk(url, seconds, connections);
    var odataCpu = (CpuTime() - cpu) / (odata.Rps * seconds);
    cpu = CpuTime();
    var direct = await RunDirect(database, sql, seconds, connections);
    var directCpu = (CpuTime() - cpu) / (direct.Rps * seconds);
    Console.WriteLine($"{name,-28} {odata.Rps,12:F0} {odata.P99,8:F2} {direct.Rps,13:F0} {direct.P99,8:F2} {odata.Rps / direct.Rps,7:F2}"
        + $" {odataCpu * 1e6,10:F0} {directCpu * 1e6,10:F0} {directCpu / odataCpu,7:F2}");

    if (args.Contains("--profile-parse") && round == 0)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            var o = QueryOptions.From(new QueryCollection(QueryHelpers.ParseQuery(query)));
            var p = ParsedQuery.Parse(model, set, o, new ODataServiceOptions());
            CollectionQuery.Build(set, p, syntax, TimeProvider.System.GetUtcNow(), 1000, withCount: false);
        }
        Console.WriteLine($"  parse+build {sw.Elapsed.TotalMilliseconds / 2000:F3} ms");
    }
    if (args.Contains("--profile-stages") && round == 0)
        await ProfileStages(database, sql, query);
    if (args.Contains("--show-sql") && round == 0)
        Console.WriteLine($"  SQL: {sql.RowsSql}  [{string.Join(", ", sql.RowsParameters.Values)}]");
}
if (only is null or "d")
    await ApplyScenario.RunAsync(baseUrl, database, model, seconds, Math.Min(connections, 2), warmup);
if (only is null or "e")
{
    // (e) OGC API Features, in its own file (the OData scenarios above share one shape).
    var ogc = OgcScenario.Statements(published, database);
    var ogcUrl = OgcScenario.Url(baseUrl);
    RunWrk(ogcUrl, warmup, connections);
    await OgcScenario.RunDirectAsync(database, ogc, warmup, connections);
    for (var round = 0; round < rounds; round++)
    {
        var cpu = CpuTime();
        var page = RunWrk(ogcUrl, seconds, connections);
        var pageCpu = (CpuTime() - cpu) / (page.Rps * seconds);
        cpu = CpuTime();
        var direct = await OgcScenario.RunDirectAsync(database, ogc, seconds, connections);
        var directCpu = (CpuTime() - cpu) / (direct.Rps * seconds);
        Console.WriteLine($"{OgcScenario.Name,-28} {page.Rps,12:F0} {page.P99,8:F2} {direct.Rps,13:F0} {direct.P99,8:F2} {page.Rps / direct.Rps,7:F2}"
            + $" {pageCpu * 1e6,10:F0} {directCpu * 1e6,10:F0} {directCpu / pageCpu,7:F2}");
        if (args.Contains("--show-sql") && round == 0)
            Console.WriteLine($"  SQL: {ogc.CountSql}; {ogc.RowsSql}  [{string.Join(", ", ogc.RowsParameters.Values)}]");
    }
}
await app.StopAsync();
return;

// Single-threaded cost of the stages of one request (best of five batches, so load from elsewhere
// matters less): running the SQL and reading every value, the same plus writing the OData JSON, and
// parsing the request into SQL. What a wrk request costs beyond these is HTTP and the handler around them.
async Task ProfileStages(RowDatabase db, CollectionQuery sql, string query)
{
    const int batch = 200;
    async Task<double> Best(Func<Task> action)
    {
        var best = double.MaxValue;
        for (var b = 0; b < 5; b++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch; i++) await action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMicroseconds / batch);
        }
        return best;
    }
    var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
    var writer = new SmartMiljo.OpenData.Api.OData.Http.RowValueWriter(db.Format, ieee754Compatible: false);
    async Task Execute(bool writeJson)
    {
        await using var connection = await db.OpenConnectionAsync();
        if (connection is SqliteConnection sqlite) SqliteFunctions.Register(sqlite);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.RowsSql;
        Bind(command, sql.RowsParameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        buffer.ResetWrittenCount();
        await using var json = new System.Text.Json.Utf8JsonWriter(buffer);
        json.WriteStartArray();
        while (await reader.ReadAsync())
        {
            if (!writeJson) { reader.GetValues(values); continue; }
            json.WriteStartObject();
            writer.WriteProperties(json, reader, sql.Output);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
    var read = await Best(() => Execute(writeJson: false));
    var written = await Best(() => Execute(writeJson: true));
    var parse = await Best(() =>
    {
        var o = QueryOptions.From(new QueryCollection(QueryHelpers.ParseQuery(query)));
        CollectionQuery.Build(set, ParsedQuery.Parse(model, set, o, new ODataServiceOptions()), syntax, TimeProvider.System.GetUtcNow(), 1000, withCount: false);
        return Task.CompletedTask;
    });
    Console.WriteLine($"  stages (µs, one thread): SQL+read {read:F0}, SQL+JSON {written:F0} ({buffer.WrittenCount:N0} bytes), parse+build {parse:F1}");
}

// CPU seconds used by this process (the OData server, or the direct loops) plus the PostgreSQL server's
// processes when it is local; SQLite runs inside this process. wrk's own CPU is not counted.
double CpuTime() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds + (serverCpu?.Seconds() ?? 0);

static void Bind(System.Data.Common.DbCommand command, SqlParameterList parameters)
{
    for (var i = 0; i < parameters.Values.Count; i++)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
        parameter.Value = parameters.Values[i] ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static (double Rps, double P99) RunWrk(string url, int seconds, int connections) => Wrk.Run(url, seconds, connections);

// The reference: the same statement and parameters, executed and fully read (every column of
// every row) with the same concurrency, opening a connection per request as the service does.
static async Task<(double Rps, double P99)> RunDirect(RowDatabase database, CollectionQuery sql, int seconds, int connections)
{
    var latencies = new List<double>[connections];
    var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = [];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var started = Stopwatch.GetTimestamp();
            await using var connection = await database.OpenConnectionAsync();
            if (connection is SqliteConnection sqlite) SqliteFunctions.Register(sqlite);
            await using var command = connection.CreateCommand();
            command.CommandText = sql.RowsSql;
            Bind(command, sql.RowsParameters);
            await using var reader = await command.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync()) reader.GetValues(values);
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })).ToArray();
    await Task.WhenAll(workers);
    var all = latencies.SelectMany(l => l).Order().ToList();
    return (all.Count / (double)seconds, all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)]);
}

sealed class SingleDataset(PublishedDataset dataset) : IPublishedDatasets
{
    public Task<IReadOnlyList<PublishedDataset>> ListAsync(string? organisationSlug, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PublishedDataset>>(organisationSlug is null || organisationSlug == dataset.OrganisationSlug ? [dataset] : []);
    public Task<PublishedDataset?> FindAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken = default) =>
        Task.FromResult<PublishedDataset?>(dataset);
    public Task<PublishedDataset?> FindVersionAsync(string organisationSlug, string datasetSlug, int versionNumber, CancellationToken cancellationToken = default) =>
        Task.FromResult<PublishedDataset?>(dataset);
}
