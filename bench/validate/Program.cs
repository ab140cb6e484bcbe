// bench/validate: rows per second for (a) parsing only with CsvHelper, (b) our full validation,
// (c) frictionless tableschema-js on the first 100,000 rows; prints b/a and b/c and the peak memory
// of (b). See README.md.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Registry;
using SmartMiljo.OpenData.Specifications.Validation;

var options = BenchOptions.Parse(args);
if (options.Phase == "validate") return await ValidatePhase(options);
if (options.Phase == "read") return await ReadPhase(options);

var repo = FindRepository();
var outDir = Path.Combine(repo, "bench", "out");
Directory.CreateDirectory(outDir);
var csvPath = Path.Combine(outDir, $"badplatser_{options.Rows}.csv");
if (!File.Exists(csvPath)) BadplatserFile.Write(csvPath, options.Rows);
Console.WriteLine($"File: {csvPath} ({new FileInfo(csvPath).Length / 1e6:N0} MB, {options.Rows:N0} rows)");
// (a) and (b) are both measured warm: each first reads this small separate file once, in the
// process that is then measured, so that neither pays for start-up and JIT in its figure.
var warmUpPath = Path.Combine(outDir, $"badplatser_warmup_{WarmUpRows}.csv");
if (!File.Exists(warmUpPath)) BadplatserFile.Write(warmUpPath, WarmUpRows);

WarmUp(() => { ParseOnly(warmUpPath, materialise: false); ParseOnly(warmUpPath, materialise: true); });
var spans = ParseOnly(csvPath, materialise: false);
Console.WriteLine($"(a0) CsvHelper, spans only    {spans.RowsPerSecond,12:N0} rows/s  ({spans.Rows:N0} rows, {spans.CpuSeconds:N1} s CPU, {spans.Seconds:N1} s wall)");
var parse = ParseOnly(csvPath, materialise: true);
Console.WriteLine($"(a) CsvHelper parse, strings  {parse.RowsPerSecond,12:N0} rows/s  ({parse.Rows:N0} rows, {parse.CpuSeconds:N1} s CPU, {parse.Seconds:N1} s wall)");

var validation = await RunChild(csvPath, warmUpPath, repo);
Console.WriteLine($"(b) SmartMiljö validation     {validation.RowsPerSecond,12:N0} rows/s  ({validation.Rows:N0} rows, {validation.CpuSeconds:N1} s CPU, {validation.Seconds:N1} s wall, peak {validation.PeakMb:N0} MB)");

var tableschema = await TableschemaJs(csvPath, repo, options.JsRows);
Console.WriteLine($"(c) tableschema-js, first {options.JsRows:N0} {tableschema.RowsPerSecond,8:N0} rows/s  ({tableschema.Rows:N0} rows, {tableschema.CpuSeconds:N1} s CPU, {tableschema.Seconds:N1} s wall)");

var ba = validation.RowsPerSecond / parse.RowsPerSecond;
var bc = validation.RowsPerSecond / tableschema.RowsPerSecond;
Console.WriteLine();
Console.WriteLine($"b/a = {ba:N2}   (goal >= 0.5)  {(ba >= 0.5 ? "ok" : "MISSED")}");
Console.WriteLine($"b/c = {bc:N1}   (goal >= 20)   {(bc >= 20 ? "ok" : "MISSED")}");
Console.WriteLine($"peak memory of (b) = {validation.PeakMb:N0} MB (goal < 200)  {(validation.PeakMb < 200 ? "ok" : "MISSED")}");
Console.WriteLine($"report: {validation.Summary}");
return 0;

// CsvHelper 34 parses UTF-8 bytes with SIMD and exposes fields as spans. A validator needs each
// field as a string, so (a) materialises every field; (a0) is the span-only floor, for reference.
static Measurement ParseOnly(string path, bool materialise)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    using var reader = CsvReader.FromFile(path, CsvReaderOptions.Default);
    long rows = 0;
    long length = 0;
    while (reader.Read())
    {
        for (var i = 0; i < reader.FieldCount; i++)
            length += materialise ? reader.GetString(i).Length : reader.GetSpan(i).Length;
        rows++;
    }
    GC.KeepAlive(length);
    return new Measurement(rows, watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
}

// (b) runs in its own process so that its peak memory is its own.
static async Task<Measurement> RunChild(string csvPath, string warmUpPath, string repo)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    var self = typeof(BenchOptions).Assembly.Location;
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") info.ArgumentList.Add(self);
    foreach (var a in new[] { "--phase", "validate", "--file", csvPath, "--warmup", warmUpPath, "--specs", Path.Combine(repo, "specs") }) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    var json = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
    return new Measurement((long)json["rows"]!, (double)json["seconds"]!, (double)json["cpuSeconds"]!, (double)json["peakMb"]!, (string?)json["summary"]);
}

static async Task<int> ValidatePhase(BenchOptions options)
{
    var spec = SpecificationRegistry.LoadFromDirectory(options.Specs!).Find("badplatser")!;
    if (options.WarmUp is { } warmUp) WarmUp(() => ValidateFile(warmUp, spec.Schema).GetAwaiter().GetResult());
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var report = await ValidateFile(options.File!, spec.Schema);
    var seconds = watch.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var peak = PeakResidentMb();
    Console.WriteLine(new JsonObject { ["rows"] = report.RowsRead, ["seconds"] = seconds, ["cpuSeconds"] = cpuSeconds, ["peakMb"] = peak, ["summary"] = report.SummaryEn }.ToJsonString());
    return 0;
}

// Validation only, as the CLI and /api/validate run it: no sink, so no rows are made.
static async Task<ValidationReport> ValidateFile(string path, TableSchema schema)
{
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    await using var source = await CsvTabularSource.OpenAsync(file);
    return await new TableValidator().ValidateAsync(source, schema, NullRowSink.Instance);
}

// Runs the code once on the warm-up file, twice with a pause between, so that the runtime's
// background recompilation (tiered JIT) of the hot methods is done before the measurement.
static void WarmUp(Action pass)
{
    pass();
    Thread.Sleep(300);
    pass();
    Thread.Sleep(300);
}

// Reading only, through CsvTabularSource: how much of (b) the reader costs.
static async Task<int> ReadPhase(BenchOptions options)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await using var file = new FileStream(options.File!, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    await using var source = await CsvTabularSource.OpenAsync(file);
    long rows = 0;
    while (await source.ReadAsync() is not null) rows++;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(new JsonObject { ["rows"] = rows, ["seconds"] = watch.Elapsed.TotalSeconds, ["cpuSeconds"] = cpuSeconds, ["peakMb"] = PeakResidentMb() }.ToJsonString());
    return 0;
}

// VmHWM: the process's peak resident set, as the kernel counts it.
static double PeakResidentMb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
}

static async Task<Measurement> TableschemaJs(string csvPath, string repo, int rows)
{
    var dir = Path.Combine(repo, "tests", "SmartMiljo.OpenData.Specifications.Tests", "crosscheck");
    if (!Directory.Exists(Path.Combine(dir, "node_modules", "tableschema")))
        await Exec("npm", dir, "ci", "--no-audit", "--no-fund");
    // tableschema-js knows Table Schema's formats only; our Swedish ones become plain strings for it.
    var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, "specs", "badplatser", "1.0.json")))!.AsObject();
    foreach (var field in spec["fields"]!.AsArray())
        if ((string?)field!["format"] is "phone") field.AsObject().Remove("format");
    var schemaPath = Path.Combine(Path.GetDirectoryName(csvPath)!, "badplatser-tableschema.json");
    File.WriteAllText(schemaPath, spec.ToJsonString());
    var output = await Exec("node", dir, "crosscheck.js", csvPath, schemaPath, rows.ToString(CultureInfo.InvariantCulture));
    var json = JsonNode.Parse(output)!;
    return new Measurement((long)json["rows"]!, (double)json["seconds"]!, (double)json["cpuSeconds"]!);
}

static async Task<string> Exec(string file, string dir, params string[] args)
{
    var info = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true };
    foreach (var a in args) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}");
    return output;
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "SmartMiljo.OpenData.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}

internal partial class Program
{
    private const int WarmUpRows = 20_000;
}

/// <summary>Rows per second are computed on CPU time: the machines this runs on are shared, and
/// wall-clock time there measures the neighbours as much as the code. Wall time is printed too.</summary>

internal sealed record Measurement(long Rows, double Seconds, double CpuSeconds, double PeakMb = 0, string? Summary = null)
{
    public double RowsPerSecond => Rows / CpuSeconds;
    public double WallRowsPerSecond => Rows / Seconds;
}

internal sealed record BenchOptions(int Rows, int JsRows, string? Phase, string? File, string? Specs, string? WarmUp)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        return new BenchOptions(int.Parse(Get("--rows") ?? "1000000"), int.Parse(Get("--js-rows") ?? "100000"), Get("--phase"), Get("--file"), Get("--specs"), Get("--warmup"));
    }
}

/// <summary>A badplatser-shaped file: the 42 columns of the specification, realistic text lengths,
/// about one row in a hundred with an error.</summary>
internal static class BadplatserFile
{
    private static readonly string[] Words = ["Badplats", "vid", "sjön", "med", "brygga,", "sandstrand", "och", "gräsmatta.", "Långgrunt", "för", "barn;", "toalett", "finns", "nära", "parkeringen.", "Hopptorn", "på", "tre", "meter."];

    public static void Write(string path, int rows)
    {
        var random = new Random(42);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("place_id,name,latitude,longitude,nutskod,wikidata,updated,description,street,housenumber,postcode,city,country,facilities,toilet,shower,drinking_water,changing_room,lifeguard,lifebuoy,trash,firstaid,fireplace,bathing_jetty,bathing_ladder,diving_tower,td_url,accessibility,wheelchair,watertype,beach_sand,beach_stone,beach_rock,beach_concrete,beach_grass,pet_bath,camping,temp_url,extra_url,visit_url,phone,email\n");
        var sb = new StringBuilder(512);
        for (var i = 1; i <= rows; i++)
        {
            sb.Clear();
            // Like the published files, many facility booleans are left empty.
            string Bool() => random.Next(3) switch { 0 => "true", 1 => "false", _ => "" };
            var description = string.Join(' ', Enumerable.Range(0, 2 + random.Next(4)).Select(_ => Words[random.Next(Words.Length)]));
            var broken = random.Next(100) == 0;
            sb.Append("1401-").Append(i).Append(',')
              .Append("Badplats ").Append(i).Append(',')
              .Append((55.5 + random.NextDouble() * 13).ToString("0.######", CultureInfo.InvariantCulture)).Append(',')
              .Append((11.5 + random.NextDouble() * 11).ToString("0.######", CultureInfo.InvariantCulture)).Append(',')
              .Append("SE0A2140100000").Append(random.Next(1000, 9999)).Append(',')
              .Append('Q').Append(random.Next(100000, 99999999)).Append(',')
              .Append(new DateOnly(2019, 1, 1).AddDays(random.Next(2000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
              .Append('"').Append(description).Append("\",")
              .Append("Strandvägen,").Append(random.Next(1, 99)).Append(",435 35,Mölnlycke,SE,")
              .Append("\"Brygga, toalett\",");
            for (var b = 0; b < 12; b++) sb.Append(broken && b == 3 ? "kanske" : Bool()).Append(',');
            sb.Append("https://www.t-d.se/sv/TD2/").Append(i).Append(',')
              .Append("Nära parkering.,").Append(Bool()).Append(',')
              .Append(random.Next(3) == 0 ? "sea" : "lake").Append(',');
            for (var b = 0; b < 7; b++) sb.Append(Bool()).Append(',');
            sb.Append(",,https://www.harryda.se/bad/").Append(i).Append(',')
              .Append("031-724 61 00,").Append("bad@harryda.se");
            writer.Write(sb);
            writer.Write('\n');
        }
    }
}
