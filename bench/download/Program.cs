// Bulk-download benchmark: (1) MB/s for a CSV download from our endpoint versus nginx serving the
// same file, (2) GeoJSON generation time from a CSV versus ogr2ogr on the same CSV.
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Api.Downloads;
using SmartMiljo.OpenData.Bench.Download;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.Storage.Rows;

var rows = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 1_000_000;
// --publish-only: just (3), which needs neither nginx nor GDAL.
var publishOnly = args.Contains("--publish-only");
var work = Directory.CreateTempSubdirectory("download-bench-");
try
{
    var store = new FileSystemDownloadStore(Path.Combine(work.FullName, "store"));
    var layout = new TableLayout(BenchData.Schema);
    var context = new ExportContext(layout, "Benchmark", null, null);

    Console.WriteLine($"Generating {rows:N0} rows as CSV …");
    var csv = (await new DownloadGenerator(store, [ExportFormats.Csv], precompress: false, bundle: false)
        .GenerateAsync("bench/data/v1/data", context, _ => BenchData.Rows(rows), CancellationToken.None)).Single();
    var csvPath = Path.Combine(store.RootDirectory, "bench", "data", "v1", "data.csv");
    Console.WriteLine($"CSV: {csv.ByteSize / 1e6:F1} MB");

    var stopwatch = Stopwatch.StartNew();
    if (!publishOnly)
    {
        // --- 1. Download throughput --------------------------------------------------------------
        await using var ours = await OurServer.StartAsync(store, csv);
        using var nginx = Nginx.Start(store.RootDirectory, work.FullName);
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None });
        var ourUrl = new Uri(ours.Address, "/download/bench/data.csv");
        var nginxUrl = new Uri(nginx.Address, "/bench/data/v1/data.csv");
        await Http.DownloadAsync(client, ourUrl, csv.ByteSize); // warm-up (JIT, page cache)
        await Http.DownloadAsync(client, nginxUrl, csv.ByteSize);
        var ourRates = new List<double>();
        var nginxRates = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            ourRates.Add(await Http.MegabytesPerSecondAsync(client, ourUrl, csv.ByteSize));
            nginxRates.Add(await Http.MegabytesPerSecondAsync(client, nginxUrl, csv.ByteSize));
        }
        var ourMedian = Median(ourRates);
        var nginxMedian = Median(nginxRates);
        Console.WriteLine($"Download: ours {ourMedian:F0} MB/s, nginx {nginxMedian:F0} MB/s (median of 5)");
        Console.WriteLine($"RATIO download ours/nginx = {ourMedian / nginxMedian:F2} (goal >= 0.8)");

        // --- 2. GeoJSON generation from the same CSV ------------------------------------------------
        var ourGeoJson = Path.Combine(work.FullName, "ours.geojson");
        stopwatch.Restart();
        await using (var output = File.Create(ourGeoJson))
            await ExportFormats.GeoJson.WriteAsync(output, context, BenchData.ReadCsv(csvPath), CancellationToken.None);
        var ourSeconds = stopwatch.Elapsed.TotalSeconds;

        var gdalGeoJson = Path.Combine(work.FullName, "gdal.geojson");
        stopwatch.Restart();
        Processes.Run("ogr2ogr", "-f", "GeoJSON", gdalGeoJson, csvPath,
            "-oo", "X_POSSIBLE_NAMES=longitud", "-oo", "Y_POSSIBLE_NAMES=latitud", "-oo", "AUTODETECT_TYPE=YES", "-a_srs", "EPSG:4326");
        var gdalSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"GeoJSON: ours {ourSeconds:F2} s ({new FileInfo(ourGeoJson).Length / 1e6:F0} MB), " +
                          $"ogr2ogr {gdalSeconds:F2} s ({new FileInfo(gdalGeoJson).Length / 1e6:F0} MB)");
        Console.WriteLine($"RATIO geojson ogr2ogr/ours = {gdalSeconds / ourSeconds:F2} (goal > 1: ours faster)");
    }

    // --- 3. Publish, then every download file, as the platform does it (issue 18) -------------
    // Published = the CSV read, typed and loaded into the version's row table (SQLite, as the server composes it;
    // the real harvest also validates, which only makes publishing slower and this ratio smaller). All files
    // ready = then every download generated from that table into a fresh store, as the Downloads stage does.
    IRowStore rowStore = new SqliteRowStore(new SqliteRowDatabase($"Data Source={Path.Combine(work.FullName, "rows.db")}"));
    stopwatch.Restart();
    await using (var staged = await rowStore.CreateStagingTableAsync("bench_v1", layout))
    {
        var number = 0L;
        await foreach (var row in BenchData.ReadCsv(csvPath)) await staged.WriteRowAsync(++number, row);
        await staged.CompleteAsync();
    }
    await rowStore.UpdateStatisticsAsync("bench_v1");
    var publishedSeconds = stopwatch.Elapsed.TotalSeconds;
    var published = new FileSystemDownloadStore(Path.Combine(work.FullName, "published"));
    var files = await new DownloadGenerator(published).GenerateAsync("bench/data/v1/data", context,
        token => rowStore.ReadRowsAsync("bench_v1", layout, token), CancellationToken.None);
    var readySeconds = stopwatch.Elapsed.TotalSeconds;
    var stored = Directory.EnumerateFiles(published.RootDirectory, "*", SearchOption.AllDirectories)
        .Select(path => (Name: Path.GetRelativePath(published.RootDirectory, path), Bytes: new FileInfo(path).Length)).OrderBy(f => f.Name).ToList();
    foreach (var (name, bytes) in stored) Console.WriteLine($"  stored {name}: {bytes / 1e6:F1} MB");
    var storedBytes = stored.Sum(f => f.Bytes);
    Console.WriteLine($"Publish: {publishedSeconds:F2} s; all {files.Count} downloads ready: {readySeconds:F2} s; stored {storedBytes / 1e6:F1} MB for a {csv.ByteSize / 1e6:F1} MB CSV");
    Console.WriteLine($"RATIO stored/source-csv = {(double)storedBytes / csv.ByteSize:F2} (goal <= 3)");
    Console.WriteLine($"RATIO all-files-ready/published = {readySeconds / publishedSeconds:F2} (goal <= 2)");
}
finally
{
    work.Delete(recursive: true);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

namespace SmartMiljo.OpenData.Bench.Download
{
    internal static class BenchData
    {
        public static readonly TableSchema Schema = new()
        {
            Fields =
            [
                new FieldDefinition { Name = "id", Type = FieldType.Integer },
                new FieldDefinition { Name = "namn", Type = FieldType.String },
                new FieldDefinition { Name = "kommun", Type = FieldType.String },
                new FieldDefinition { Name = "temperatur", Type = FieldType.Number },
                new FieldDefinition { Name = "provdatum", Type = FieldType.Date },
                new FieldDefinition { Name = "latitud", Type = FieldType.Number },
                new FieldDefinition { Name = "longitud", Type = FieldType.Number },
            ],
            Geometry = new GeometryMapping("latitud", "longitud"),
        };

        private static readonly string[] Municipalities = ["Härryda", "Mölndal", "Östersund", "Åre", "Göteborg", "Malmö"];

        /// <summary>Synthetic bathing-site rows without commas or quotes, so the bench's CSV reader can stay naive.</summary>
        public static async IAsyncEnumerable<object?[]> Rows(int count)
        {
            var random = new Random(42);
            for (var i = 0; i < count; i++)
            {
                if (i % 10_000 == 0) await Task.Yield();
                yield return [(long)i, $"Badplats {i} vid sjön", Municipalities[i % Municipalities.Length],
                    Math.Round(10 + random.NextDouble() * 15, 1), new DateOnly(2024, 6, 1).AddDays(i % 90),
                    Math.Round(55.3 + random.NextDouble() * 13.7, 6), Math.Round(11.1 + random.NextDouble() * 13, 6)];
            }
        }

        /// <summary>Our side of the GeoJSON race starts from the CSV file too: read, type, write.</summary>
        public static async IAsyncEnumerable<object?[]> ReadCsv(string path)
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, false, new FileStreamOptions { BufferSize = 1 << 16 });
            await reader.ReadLineAsync(); // header
            var invariant = CultureInfo.InvariantCulture;
            while (await reader.ReadLineAsync() is { } line)
            {
                var cells = line.Split(',');
                yield return [long.Parse(cells[0], invariant), cells[1], cells[2], double.Parse(cells[3], invariant),
                    DateOnly.ParseExact(cells[4], "yyyy-MM-dd", invariant), double.Parse(cells[5], invariant), double.Parse(cells[6], invariant)];
            }
        }
    }

    internal sealed class SingleDataset(GeneratedDownload csv) : IPublishedDatasets
    {
        private readonly PublishedDataset _dataset = new()
        {
            DatasetId = Guid.NewGuid(), OrganisationSlug = "bench", OrganisationName = "Bench", DatasetSlug = "data",
            Title = "Benchmark", VersionNumber = 1, TableName = "bench", Schema = BenchData.Schema, RowCount = 0,
            PublishedAt = DateTimeOffset.UtcNow,
            Distributions = [new PublishedDistribution(csv.Format, csv.MediaType, csv.StorageKey, csv.ByteSize, csv.Sha256, DateTimeOffset.UtcNow)],
        };

        public Task<IReadOnlyList<PublishedDataset>> ListAsync(string? organisationSlug, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PublishedDataset>>([_dataset]);
        public Task<PublishedDataset?> FindAsync(string organisationSlug, string datasetSlug, CancellationToken cancellationToken = default) =>
            Task.FromResult(organisationSlug == "bench" && datasetSlug == "data" ? _dataset : null);
        public Task<PublishedDataset?> FindVersionAsync(string organisationSlug, string datasetSlug, int versionNumber, CancellationToken cancellationToken = default) =>
            Task.FromResult(versionNumber == 1 ? FindAsync(organisationSlug, datasetSlug).Result : null);
    }

    internal sealed class OurServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public static async Task<OurServer> StartAsync(IDownloadStore store, GeneratedDownload csv)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton<IPublishedDatasets>(new SingleDataset(csv));
            var app = builder.Build();
            app.MapDownloadEndpoints();
            await app.StartAsync();
            return new OurServer(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>nginx serving the store folder with sendfile, as a static file server normally would.</summary>
    internal sealed class Nginx : IDisposable
    {
        private readonly Process _process;

        private Nginx(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static Nginx Start(string root, string workFolder)
        {
            var port = FreePort();
            var prefix = Path.Combine(workFolder, "nginx");
            Directory.CreateDirectory(prefix);
            var config = Path.Combine(prefix, "nginx.conf");
            File.WriteAllText(config, $$"""
                daemon off;
                {{(Environment.UserName == "root" ? "user root;" : "")}}
                worker_processes 1;
                pid {{prefix}}/nginx.pid;
                error_log {{prefix}}/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    client_body_temp_path {{prefix}}/body;
                    proxy_temp_path {{prefix}}/proxy;
                    default_type text/csv;
                    server {
                        listen 127.0.0.1:{{port}};
                        root {{root}};
                    }
                }
                """);
            var process = Process.Start(new ProcessStartInfo("nginx", ["-c", config, "-p", prefix]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("nginx did not start");
            var address = new Uri($"http://127.0.0.1:{port}");
            for (var attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpClient();
                    probe.Connect("127.0.0.1", port);
                    return new Nginx(process, address);
                }
                catch (System.Net.Sockets.SocketException) { Thread.Sleep(100); }
            }
            process.Kill();
            throw new InvalidOperationException("nginx did not listen; is Debian's nginx-light installed?");
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }

    internal static class Http
    {
        public static async Task<long> DownloadAsync(HttpClient client, Uri url, long expectedBytes)
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0) total += read;
            if (total != expectedBytes) throw new InvalidOperationException($"{url} gave {total} bytes, expected {expectedBytes}");
            return total;
        }

        public static async Task<double> MegabytesPerSecondAsync(HttpClient client, Uri url, long expectedBytes)
        {
            var stopwatch = Stopwatch.StartNew();
            var bytes = await DownloadAsync(client, url, expectedBytes);
            return bytes / 1e6 / stopwatch.Elapsed.TotalSeconds;
        }
    }

    internal static class Processes
    {
        public static void Run(string tool, params string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(tool, arguments) { UseShellExecute = false, RedirectStandardError = true })
                ?? throw new InvalidOperationException($"{tool} did not start (Debian gdal-bin provides ogr2ogr)");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {errors}");
        }
    }
}
