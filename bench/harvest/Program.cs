// bench/harvest: N sources (mixed CSV/GeoJSON, 1..maxRows rows) on a local server, harvested through the
// real platform (Hangfire jobs, default worker count, the full pipeline). Prints the time of a first
// harvest of all sources, of a second one with nothing changed, and their ratio.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Server.Hosting;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

var sources = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var maxRows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var data = Directory.CreateTempSubdirectory("harvest-bench-");
try
{
    await using var municipality = await LocalHttpServer.StartAsync();
    var random = new Random(20261123);
    long totalRows = 0;
    var locations = new List<(string Url, SourceKind Kind)>();
    for (var i = 0; i < sources; i++)
    {
        // Row counts spread log-uniformly over 1..maxRows, as real municipal files are mostly small.
        var rows = (int)Math.Round(Math.Pow(maxRows, random.NextDouble()));
        totalRows += rows;
        var kind = i % 2 == 0 ? SourceKind.Csv : SourceKind.GeoJson;
        var path = kind == SourceKind.Csv ? $"/data/{i}.csv" : $"/data/{i}.geojson";
        municipality.MapFile(path, kind == SourceKind.Csv ? Csv(i, rows) : GeoJson(i, rows), kind == SourceKind.Csv ? "text/csv" : "application/geo+json");
        locations.Add((municipality.Url(path).ToString(), kind));
    }
    Console.WriteLine($"{sources} sources, {totalRows:N0} rows in all, served from {municipality.BaseAddress}");

    var builder = WebApplication.CreateBuilder([
        "--urls", "http://127.0.0.1:0", $"--Storage:DataDirectory={data.FullName}", "--Seed:Enabled=false",
        "--Admin:ApiKey=bench", "--Harvesting:AllowLoopback=true", "--Logging:LogLevel:Default=Warning",
    ]);
    builder.AddPlatform();
    await using var app = builder.Build();
    app.MapPlatform();
    await app.StartAsync();

    var ids = await RegisterAsync(app.Services, locations);
    var scheduler = app.Services.GetRequiredService<HarvestScheduler>();

    var first = await HarvestAllAsync(app.Services, scheduler, ids, expectedRuns: sources);
    var second = await HarvestAllAsync(app.Services, scheduler, ids, expectedRuns: 2 * sources);
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        foreach (var group in (await db.HarvestRuns.AsNoTracking().ToListAsync()).GroupBy(r => r.Status).OrderBy(g => g.Key))
            Console.WriteLine($"  runs {group.Key}: {group.Count()}");
    }
    Console.WriteLine($"FIRST  harvest: {first.TotalSeconds:F1} s (goal ≤ 120 s)");
    Console.WriteLine($"SECOND harvest: {second.TotalSeconds:F1} s (nothing changed)");
    Console.WriteLine($"RATIO first/second = {first / second:F1} (goal ≥ 10)");
    await app.StopAsync();
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try { data.Delete(recursive: true); } catch (IOException) { }
}

static async Task<List<Guid>> RegisterAsync(IServiceProvider services, List<(string Url, SourceKind Kind)> locations)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
    var organisation = new Organisation { Slug = "benchkommun", Name = "Benchkommun", OrganisationNumber = "2120001637" };
    db.Organisations.Add(organisation);
    var ids = new List<Guid>();
    for (var i = 0; i < locations.Count; i++)
    {
        var dataset = Dataset.Create(organisation.Id, $"data-{i}", new DatasetDescription { Title = $"Data {i}", Description = "Bench" }, DateTimeOffset.UtcNow);
        var source = new HarvestSource
        {
            OrganisationId = organisation.Id, DatasetId = dataset.Id, Name = $"Källa {i}", Kind = locations[i].Kind,
            Location = locations[i].Url, Schedule = "0 3 * * *",
        };
        db.Datasets.Add(dataset);
        db.HarvestSources.Add(source);
        ids.Add(source.Id);
    }
    await db.SaveChangesAsync();
    return ids;
}

static async Task<TimeSpan> HarvestAllAsync(IServiceProvider services, HarvestScheduler scheduler, List<Guid> ids, int expectedRuns)
{
    var watch = Stopwatch.StartNew();
    foreach (var id in ids) scheduler.TriggerNow(id, "bench");
    while (true)
    {
        await Task.Delay(250);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var finished = await db.HarvestRuns.CountAsync(r => r.Status != HarvestRunStatus.Running);
        if (finished >= expectedRuns) return watch.Elapsed;
        if (watch.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException($"Only {finished} of {expectedRuns} runs finished.");
    }
}

static byte[] Csv(int source, int rows)
{
    var text = new StringBuilder("id,namn,antal,latitude,longitude,datum\n");
    for (var r = 0; r < rows; r++)
        text.Append(CultureInfo.InvariantCulture, $"{r},Plats {source}-{r},{r % 97},{58 + r % 1000 / 1000.0},{13 + r % 700 / 1000.0},2024-{1 + r % 12:00}-{1 + r % 28:00}\n");
    return Encoding.UTF8.GetBytes(text.ToString());
}

static byte[] GeoJson(int source, int rows)
{
    var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (var r = 0; r < rows; r++)
        text.Append(CultureInfo.InvariantCulture,
            $"{(r > 0 ? "," : "")}{{\"type\":\"Feature\",\"properties\":{{\"id\":{r},\"namn\":\"Objekt {source}-{r}\",\"typ\":\"{(r % 3 == 0 ? "park" : "bad")}\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{13 + r % 700 / 1000.0},{58 + r % 1000 / 1000.0}]}}}}");
    text.Append("]}");
    return Encoding.UTF8.GetBytes(text.ToString());
}
