// Ingest benchmark: a badplatser-shaped CSV through the whole harvest pipeline (fetch, validate, type,
// load, index, publish incl. downloads), on PostgreSQL against `psql \copy` of the same file into an
// untyped table in the same run, and on SQLite. Usage: dotnet run -c Release --project bench/ingest [-- rows [postgres|sqlite|both]]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.Server.Hosting;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var which = args.Length > 1 ? args[1].ToLowerInvariant() : "both";
var work = Directory.CreateTempSubdirectory("smartmiljo-ingest-bench-").FullName;
try
{
    var csv = Path.Combine(work, "source", "badplatser.csv");
    Directory.CreateDirectory(Path.GetDirectoryName(csv)!);
    var sw = Stopwatch.StartNew();
    BadplatserCsv.Write(csv, rows);
    Console.WriteLine($"Generated {rows:N0} rows ({new FileInfo(csv).Length / 1e6:F0} MB) in {sw.Elapsed.TotalSeconds:F1} s: {csv}");

    if (Environment.GetEnvironmentVariable("INGEST_BENCH_VALIDATE") == "1") { await ValidationOnly.MeasureAsync(csv); await ValidationOnly.MeasureAsync(csv); }
    using var memory = MemorySampler.Start();
    if (Environment.GetEnvironmentVariable("INGEST_BENCH_ALLOCATIONS") == "1") Pipeline.Allocations = new AllocationSampler();
    if (which is "postgres" or "both")
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var copyRate = await PsqlCopy.RowsPerSecondAsync(database.ConnectionString, csv, rows);
        Console.WriteLine($"psql \\copy (untyped text table): {copyRate:N0} rows/s");
        var result = await Pipeline.RunAsync("Postgres", database.ConnectionString, csv, Path.Combine(work, "pg"), memory);
        Console.WriteLine($"RATIO pipeline/psql-copy (PostgreSQL, until published) = {result / copyRate:F2}  (goal >= 0.5)");
    }
    if (which is "sqlite" or "both")
        await Pipeline.RunAsync("Sqlite", null, csv, Path.Combine(work, "sqlite"), memory);
    Console.WriteLine($"Peak memory (VmHWM) during the measured harvests: {PeakMemory.MeasuredPeak:F0} MB  (goal < 300 MB); now {PeakMemory.Breakdown()}; garbage collections gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalSeconds:F1} s");
}
finally
{
    Directory.Delete(work, recursive: true);
}

static partial class Pipeline
{
    private const string ApiKey = "bench";
    /// <summary>Set before the runs when allocations are to be sampled.</summary>
    public static AllocationSampler? Allocations { get; set; }

    /// <summary>Starts the platform in-process (web role: no job server competes), registers the file as a
    /// source through the admin API, and times one harvest run of it.</summary>
    public static async Task<double> RunAsync(string provider, string? connectionString, string csv, string dataDirectory, MemorySampler memory)
    {
        var drop = Path.Combine(dataDirectory, "drop");
        Directory.CreateDirectory(drop);
        var file = Path.Combine(drop, Path.GetFileName(csv));
        File.Copy(csv, file);

        var builder = WebApplication.CreateBuilder(["--role", "web", "--urls", "http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:DataDirectory"] = dataDirectory,
            ["Admin:ApiKey"] = ApiKey,
            ["Seed:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPlatform();
        await using var app = builder.Build();
        app.MapPlatform();
        await app.StartAsync();
        Console.WriteLine($"[{provider}] host started: RSS {PeakMemory.Current():F0} MB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB " +
                          $"(committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F0} MB), {PeakMemory.Breakdown()}; " +
                          $"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {System.Runtime.GCSettings.LatencyMode}, " +
                          $"gen0 budget after last GC {GC.GetGCMemoryInfo().GenerationInfo[0].SizeAfterBytes / 1048576.0:F0} MB");

        using var admin = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        (await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = "bench", name = "Benchkommun", organisationNumber = "2120001637", municipalityCode = "9999",
        })).EnsureSuccessStatusCode();
        async Task<Guid> RegisterAsync(string slug, string location)
        {
            var created = await admin.PostAsJsonAsync("/api/admin/organisations/bench/sources", new
            {
                name = "Badplatser", datasetSlug = slug, kind = "Csv", specificationId = "badplatser",
                location, schedule = "0 4 * * *",
            });
            created.EnsureSuccessStatusCode();
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        // A platform that has been running has its code compiled and tiered up; a process's very first
        // harvest also pays for JIT compilation (a quarter of its CPU time in a profile). So a small other
        // dataset (the file's first 20,000 rows) is harvested first, as a running region harvests all day.
        var warmUpFile = Path.Combine(drop, "warm-up.csv");
        await File.WriteAllLinesAsync(warmUpFile, File.ReadLines(file).Take(20_001));
        var warmUpId = await RegisterAsync("badplatser-warm-up", warmUpFile);
        var sourceId = await RegisterAsync("badplatser", file);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var warmUp = Stopwatch.StartNew();
            var warmUpRun = await scope.ServiceProvider.GetRequiredService<HarvestPipeline>().RunAsync(warmUpId, "bench", CancellationToken.None);
            Console.WriteLine($"[{provider}] warm-up harvest of 20,000 rows: {warmUpRun?.Status} in {warmUp.Elapsed.TotalSeconds:F1} s, " +
                              $"VmHWM so far {PeakMemory.Megabytes():F0} MB (not measured)");
            PeakMemory.Reset();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<HarvestPipeline>().RunAsync(sourceId, "bench", CancellationToken.None)
                      ?? throw new InvalidOperationException("The run did not start.");
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var stages = (await db.HarvestStageRecords.AsNoTracking().Where(s => s.HarvestRunId == run.Id).ToListAsync())
                .OrderBy(s => s.StartedAt).ToList();
            DateTimeOffset EndOf(HarvestStageRecord s) => s.StartedAt + TimeSpan.FromMilliseconds(s.DurationMs);
            var publish = stages.Single(s => s.Stage == HarvestStage.Publish);
            var untilPublished = (EndOf(publish) - run.StartedAt).TotalSeconds;
            var downloads = stages.SingleOrDefault(s => s.Stage == HarvestStage.Downloads);
            var rate = run.RowsAccepted / untilPublished;
            Console.WriteLine($"[{provider}] pipeline until published (fetch, validate, type, load, index, switch): {run.Status}, " +
                              $"{run.RowsAccepted:N0} rows accepted, {run.RowsRejected:N0} rejected, {untilPublished:F1} s => {rate:N0} rows/s");
            if (downloads is not null)
                Console.WriteLine($"[{provider}] downloads ready {(EndOf(downloads) - run.StartedAt).TotalSeconds:F1} s after the start " +
                                  $"(Downloads stage {downloads.DurationMs / 1000:F1} s, {downloads.Outcome}, {downloads.Bytes / 1e6:F0} MB)");
            Console.WriteLine($"[{provider}]   stages (wall time, CPU time of this process, peak RSS while running): " + string.Join(", ", stages
                .Select(s => $"{s.Stage} {s.DurationMs / 1000:F1} s/{memory.CpuSeconds(s.StartedAt, EndOf(s)):F1} s CPU/{memory.PeakMegabytes(s.StartedAt, EndOf(s)):F0} MB")));
            foreach (var s in stages)
            {
                Console.WriteLine($"[{provider}]     {s.Stage}: peak RSS {memory.PeakMegabytes(s.StartedAt, EndOf(s)):F0} MB, managed {memory.ManagedSummary(s.StartedAt, EndOf(s))}");
                Allocations?.Print(s.Stage.ToString(), s.StartedAt, EndOf(s));
            }
            if (run.Error is not null) Console.WriteLine($"[{provider}]   error: {run.Error}");
            PeakMemory.EndOfMeasuredHarvest();
            Console.WriteLine($"[{provider}]   peak memory (VmHWM) during this harvest: {PeakMemory.Megabytes():F0} MB");
            if (Environment.GetEnvironmentVariable("INGEST_BENCH_ROWSTORE") == "1")
                await RowStoreOnlyAsync(scope.ServiceProvider, run, run.RowsAccepted);
            await app.StopAsync();
            return rate;
        }
    }
}

/// <summary>Samples the process's resident memory beside the managed heap, so each stage's peak can be
/// told apart into managed (live objects, and garbage the GC has not collected yet) and native memory
/// (compressors, sockets, the runtime itself).</summary>
sealed class MemorySampler : IDisposable
{
    private readonly record struct Sample(DateTimeOffset At, double RssMegabytes, double CpuSeconds, double HeapMegabytes,
        double CommittedMegabytes, double Gen2Megabytes, double LohMegabytes, int Gen2Collections);

    private readonly List<Sample> _samples = [];
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly Timer _timer;

    private MemorySampler() => _timer = new Timer(_ => Take(), null, 0, 50);

    public static MemorySampler Start() => new();

    private void Take()
    {
        var rss = PeakMemory.Current();
        _self.Refresh();
        var cpu = _self.TotalProcessorTime.TotalSeconds;
        var info = GC.GetGCMemoryInfo();
        const double MB = 1024.0 * 1024.0;
        var sample = new Sample(DateTimeOffset.UtcNow, rss, cpu,
            HeapMegabytes: GC.GetTotalMemory(false) / MB,
            CommittedMegabytes: info.TotalCommittedBytes / MB,
            Gen2Megabytes: info.GenerationInfo[2].SizeAfterBytes / MB,
            LohMegabytes: info.GenerationInfo[3].SizeAfterBytes / MB,
            Gen2Collections: GC.CollectionCount(2));
        lock (_samples) _samples.Add(sample);
    }

    private List<Sample> Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_samples) return _samples.Where(s => s.At >= from && s.At <= to).ToList();
    }

    public double PeakMegabytes(DateTimeOffset from, DateTimeOffset to) =>
        Between(from, to).Select(s => s.RssMegabytes).DefaultIfEmpty(0).Max();

    /// <summary>CPU time this process used between two instants (all threads).</summary>
    public double CpuSeconds(DateTimeOffset from, DateTimeOffset to)
    {
        var inside = Between(from, to);
        return inside.Count < 2 ? 0 : inside[^1].CpuSeconds - inside[0].CpuSeconds;
    }

    /// <summary>Peaks of the managed heap while a stage ran: allocated (live and not yet collected),
    /// committed by the GC, gen 2 and LOH after the last GC; and how many gen 2 collections it took.</summary>
    public string ManagedSummary(DateTimeOffset from, DateTimeOffset to)
    {
        var inside = Between(from, to);
        if (inside.Count == 0) return "no samples";
        return $"heap {inside.Max(s => s.HeapMegabytes):F0}/committed {inside.Max(s => s.CommittedMegabytes):F0}/" +
               $"gen2 {inside.Max(s => s.Gen2Megabytes):F0}/LOH {inside.Max(s => s.LohMegabytes):F0} MB, " +
               $"{inside[^1].Gen2Collections - inside[0].Gen2Collections} gen2 GCs";
    }

    public void Dispose() => _timer.Dispose();
}

static partial class Pipeline
{
    /// <summary>Isolates the storage layer: the published table's first rows, already typed, are written
    /// again (cycled to the same row count) into a new table and completed (indexes, swap).</summary>
    private static async Task<double> RowStoreOnlyAsync(IServiceProvider services, SmartMiljo.OpenData.Core.Harvesting.HarvestRun run, long rows)
    {
        var db = services.GetRequiredService<CatalogueDbContext>();
        var version = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.Id == run.DatasetVersionId);
        var layout = new SmartMiljo.OpenData.Core.Tabular.TableLayout(SmartMiljo.OpenData.Core.Schemas.TableSchemaJson.Parse(version.SchemaJson));
        var store = services.GetRequiredService<SmartMiljo.OpenData.Core.Ports.IRowStore>();
        var sample = new List<object?[]>();
        await foreach (var row in store.ReadRowsAsync(version.TableName, layout))
        {
            sample.Add(row);
            if (sample.Count == 1000) break;
        }
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using (var staged = await store.CreateStagingTableAsync(version.TableName + "_again", layout))
        {
            for (long i = 0; i < rows; i++) await staged.WriteRowAsync(i + 1, sample[(int)(i % sample.Count)]);
            await staged.CompleteAsync();
        }
        sw.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        await store.DropTableAsync(version.TableName + "_again");
        Console.WriteLine($"  row store alone: {rows:N0} typed rows written, indexed and swapped in {sw.Elapsed.TotalSeconds:F1} s ({rows / sw.Elapsed.TotalSeconds:N0} rows/s), {cpuSeconds:F1} s CPU in this process");
        return rows / sw.Elapsed.TotalSeconds;
    }
}

static class ValidationOnly
{
    private sealed class NullSink : SmartMiljo.OpenData.Core.Tabular.IRowSink
    {
        public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    /// <summary>For orientation: reading and validating the file alone, rows thrown away.</summary>
    public static async Task MeasureAsync(string csv)
    {
        var spec = SmartMiljo.OpenData.Specifications.Registry.SpecificationRegistry.LoadFromDirectory(Path.Combine(AppContext.BaseDirectory, "specs")).Find("badplatser", null)!;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await using var stream = File.OpenRead(csv);
        await using var source = await SmartMiljo.OpenData.Specifications.Reading.CsvTabularSource.OpenAsync(stream, null, CancellationToken.None);
        var report = await new SmartMiljo.OpenData.Specifications.Validation.TableValidator().ValidateAsync(source, spec.Schema, new NullSink(), null, CancellationToken.None);
        Console.WriteLine($"validation alone: {report.RowsValid:N0} valid rows in {sw.Elapsed.TotalSeconds:F1} s, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU");
    }
}

static class PsqlCopy
{
    /// <summary>The reference: psql's client-side COPY of the same file into a table of text columns
    /// (no validation, no types, no indexes), timed including psql's start.</summary>
    public static async Task<double> RowsPerSecondAsync(string connectionString, string csv, int rows)
    {
        var header = File.ReadLines(csv).First().Split(',');
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var columns = string.Join(", ", header.Select(h => $"\"{h}\" text"));
            await using var create = new NpgsqlCommand($"CREATE TABLE untyped ({columns})", connection);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(FindPsql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", $"\\copy untyped FROM '{csv}' WITH (FORMAT csv, HEADER true)"])
        {
            RedirectStandardError = true,
        };
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        start.Environment["PGDATABASE"] = cs.Database;
        if (cs.Password is { } password) start.Environment["PGPASSWORD"] = password;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        sw.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"psql failed: {error}");
        Console.WriteLine($"psql \\copy: {rows:N0} rows in {sw.Elapsed.TotalSeconds:F1} s");
        return rows / sw.Elapsed.TotalSeconds;
    }

    private static string FindPsql()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, "psql"))) return Path.Combine(dir, "psql");
        return Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).Where(File.Exists).OrderDescending().FirstOrDefault()
               ?? throw new InvalidOperationException("psql not found: apt-get install postgresql-client");
    }
}

static class BadplatserCsv
{
    /// <summary>Writes <paramref name="rows"/> rows shaped like the sample badplatser file: its rows repeated
    /// with unique ids and NUTS codes and positions spread over Sweden.</summary>
    public static void Write(string path, int rows)
    {
        var sample = FindSample();
        var lines = File.ReadAllLines(sample, Encoding.UTF8);
        var header = lines[0];
        var templates = lines.Skip(1).Where(l => l.Length > 0).Select(SplitCsv).ToList();
        var columns = SplitCsv(header);
        int Col(string name) => Array.IndexOf(columns, name);
        int id = Col("place_id"), nuts = Col("nutskod"), lat = Col("latitude"), lon = Col("longitude");

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine(header);
        var random = new Random(42);
        for (var i = 0; i < rows; i++)
        {
            var cells = (string[])templates[i % templates.Count].Clone();
            cells[id] = $"9999-Bad{i}";
            cells[nuts] = $"SE0A2{9_999_000_000_000L + i:D13}";
            cells[lat] = (55.4 + random.NextDouble() * 13.6).ToString("F5", CultureInfo.InvariantCulture);
            cells[lon] = (11.1 + random.NextDouble() * 12.9).ToString("F5", CultureInfo.InvariantCulture);
            writer.WriteLine(string.Join(',', cells.Select(Quote)));
        }
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "exempelkommun_badplatser.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("samples/exempelkommun_badplatser.csv not found above " + AppContext.BaseDirectory);
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}

static class PeakMemory
{
    public static double Current() => Field("VmRSS:");

    /// <summary>Resident memory by kind: anonymous (heaps, native allocations) and file-backed (mapped
    /// assemblies and native libraries).</summary>
    public static string Breakdown() => $"RssAnon {Field("RssAnon:"):F0} MB, RssFile {Field("RssFile:"):F0} MB";

    private static double Field(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name, StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        return 0;
    }

    /// <summary>The highest VmHWM at the end of a measured harvest (warm-ups excluded, see <see cref="Reset"/>).</summary>
    public static double MeasuredPeak { get; private set; }

    public static void EndOfMeasuredHarvest() => MeasuredPeak = Math.Max(MeasuredPeak, Megabytes());

    /// <summary>Resets VmHWM to the current resident size (Linux: 5 to /proc/self/clear_refs), so the peak
    /// of the measured harvest is not the warm-up's.</summary>
    public static void Reset() => File.WriteAllText("/proc/self/clear_refs", "5");

    public static double Megabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        return Environment.WorkingSet / 1e6;
    }
}

/// <summary>Diagnostics (INGEST_BENCH_ALLOCATIONS=1): the runtime's allocation samples (one event per
/// ~100 KB allocated) summed by type, separately for the small and the large object heap, so the types
/// behind heap growth and gen 2 collections can be named per stage.</summary>
sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly List<(DateTime At, string Type, bool Large, long Bytes)> _samples = [];

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1 /* GC */);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventId != 10 /* GCAllocationTick */ || e.Payload is null || e.PayloadNames is null) return;
        var type = e.Payload[e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var large = Convert.ToInt32(e.Payload[e.PayloadNames.IndexOf("AllocationKind")], CultureInfo.InvariantCulture) == 1;
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
        lock (_samples) _samples.Add((DateTime.UtcNow, type, large, amount));
    }

    public void Print(string stage, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_samples)
            foreach (var large in new[] { false, true })
            {
                var top = _samples.Where(s => s.Large == large && s.At >= from.UtcDateTime && s.At <= to.UtcDateTime)
                    .GroupBy(s => s.Type).Select(g => (Type: g.Key, Bytes: g.Sum(s => s.Bytes))).OrderByDescending(t => t.Bytes).Take(8);
                Console.WriteLine($"    {stage} allocated on the {(large ? "LOH" : "SOH")}: " + string.Join(", ", top.Select(t => $"{t.Bytes / 1e6:F0} MB {t.Type}")));
            }
    }
}
