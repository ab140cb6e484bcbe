using System.Diagnostics;
using System.Globalization;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Writing;

// Benchmark: write a generated DCAT-AP-SE catalogue (N datasets × 3 distributions) as RDF/XML and Turtle with
// our streaming writer, and compare with python3-rdflib serialising the same graph (read from our N-Triples).
// Each measurement runs in its own process so that peak memory (VmHWM) belongs to that measurement alone.

if (args.Length >= 4 && args[0] == "--child")
{
    // --child <format> <datasets> <output-file>
    var format = Enum.Parse<RdfSerialization>(args[1]);
    int n = int.Parse(args[2], CultureInfo.InvariantCulture);
    // CPU time is reported too: on a shared machine wall time mostly measures the neighbours.
    // Run 1 is cold (JIT); runs 2–4 let tiered compilation finish; the best of runs 3–4 is the steady state.
    var seconds = new List<double>();
    var process = Process.GetCurrentProcess();
    double cpu = double.MaxValue;
    for (int run = 0; run < 4; run++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await using (var file = new FileStream(args[3], FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await DcatCatalogueWriter.WriteInstanceAsync(file, Generated.Instance, Generated.Organisations(n), format);
        seconds.Add(sw.Elapsed.TotalSeconds);
        process.Refresh();
        if (run >= 2) cpu = Math.Min(cpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
    var warm = Math.Min(seconds[2], seconds[3]);
    Console.WriteLine(string.Join(' ', new[] { seconds[0], warm }.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))
        + " " + PeakRssMb().ToString("0.0", CultureInfo.InvariantCulture) + " " + cpu.ToString("0.000", CultureInfo.InvariantCulture));
    return 0;
}

int datasets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var work = Directory.CreateTempSubdirectory("dcat-bench-").FullName;
var self = Environment.ProcessPath!;
// Under "dotnet DcatBench.dll" the process is dotnet and needs the dll; the apphost needs nothing.
var selfArgs = Path.GetFileNameWithoutExtension(self) == "dotnet" ? new[] { Environment.GetCommandLineArgs()[0] } : [];

(double Seconds, double ColdSeconds, double PeakMb, double CpuSeconds) Ours(RdfSerialization format, int n, string path)
{
    var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true };
    foreach (var a in selfArgs) psi.ArgumentList.Add(a);
    foreach (var a in new[] { "--child", format.ToString(), n.ToString(CultureInfo.InvariantCulture), path }) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var line = p.StandardOutput.ReadToEnd().Trim().Split(' ');
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("child failed");
    return (double.Parse(line[1], CultureInfo.InvariantCulture), double.Parse(line[0], CultureInfo.InvariantCulture),
        double.Parse(line[2], CultureInfo.InvariantCulture), double.Parse(line[3], CultureInfo.InvariantCulture));
}

Console.WriteLine($"DCAT catalogue benchmark: {datasets:N0} datasets × 3 distributions (work dir {work})");
Console.WriteLine();

// 1. Ours, at several sizes, to show memory is flat in the number of datasets.
Console.WriteLine("Our streaming writer (separate process per run; peak RSS includes the .NET runtime):");
Console.WriteLine($"  {"datasets",9} {"format",8} {"warm s",8} {"cpu s",8} {"cold s",8} {"peak MB",8} {"file MB",8}");
var sizes = new[] { datasets / 10, datasets, datasets * 3 }.Where(s => s > 0).Distinct().ToArray();
var ours = new Dictionary<(RdfSerialization, int), (double Seconds, double ColdSeconds, double PeakMb, double CpuSeconds)>();
foreach (var n in sizes)
    foreach (var format in new[] { RdfSerialization.RdfXml, RdfSerialization.Turtle })
    {
        var path = Path.Combine(work, $"ours-{n}.{format.FileExtension()}");
        ours[(format, n)] = Ours(format, n, path);
        var r = ours[(format, n)];
        Console.WriteLine($"  {n,9:N0} {format,8} {r.Seconds,8:0.00} {r.CpuSeconds,8:0.00} {r.ColdSeconds,8:0.00} {r.PeakMb,8:0.0} {new FileInfo(path).Length / 1e6,8:0.0}");
        if (n != datasets) File.Delete(path);
    }

// 2. The same graph as N-Triples for rdflib.
var nt = Path.Combine(work, "catalogue.nt");
Ours(RdfSerialization.NTriples, datasets, nt);

// 3. rdflib: parse (not timed), then time serialising to RDF/XML and Turtle.
const string script = """
    import sys, time, resource
    from rdflib import Graph
    def peak_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    g = Graph()
    t = time.perf_counter(); g.parse(sys.argv[1], format='nt'); parse = time.perf_counter() - t
    for fmt, name in (('xml', 'RdfXml'), ('turtle', 'Turtle')):
        before = peak_mb()
        t = time.perf_counter(); c = time.process_time()
        with open(sys.argv[2] + '.' + fmt, 'wb') as f:
            g.serialize(destination=f, format=fmt)
        seconds = time.perf_counter() - t; cpu = time.process_time() - c
        print(name, f'{seconds:.3f}', f'{peak_mb() - before:.1f}', f'{cpu:.3f}')
    print('triples', len(g), f'{parse:.1f}', f'{peak_mb():.0f}')
    """;
var psiPy = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { "-c", script, nt, Path.Combine(work, "rdflib") }) psiPy.ArgumentList.Add(a);
Console.WriteLine();
Console.WriteLine("python3-rdflib serialising the same graph (parse from N-Triples not timed)…");
using var py = Process.Start(psiPy) ?? throw new InvalidOperationException("python3 not found: apt-get install python3-rdflib");
var pyOut = py.StandardOutput.ReadToEnd();
var pyErr = py.StandardError.ReadToEnd();
py.WaitForExit();
if (py.ExitCode != 0) { Console.Error.WriteLine(pyErr); return 1; }
var rdflib = pyOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
var triples = rdflib.Single(l => l[0] == "triples");
Console.WriteLine($"  {int.Parse(triples[1]):N0} triples; parse {triples[2]} s; process peak RSS {triples[3]} MB");

Console.WriteLine();
Console.WriteLine($"  {"format",8} {"ours s",8} {"rdflib s",9} {"speed-up",9} {"ours cpu",9} {"rdflib cpu",11} {"cpu ratio",10} {"ours MB",8} {"rdflib MB*",11}");
bool goal = true, cpuGoal = true;
foreach (var row in rdflib.Where(l => l[0] != "triples"))
{
    var format = Enum.Parse<RdfSerialization>(row[0]);
    var (s, _, mb, cpu) = ours[(format, datasets)];
    double theirs = double.Parse(row[1], CultureInfo.InvariantCulture);
    double theirsCpu = double.Parse(row[3], CultureInfo.InvariantCulture);
    goal &= theirs / s >= 10;
    cpuGoal &= theirsCpu / cpu >= 10;
    Console.WriteLine($"  {format,8} {s,8:0.00} {theirs,9:0.00} {theirs / s,8:0.0}× {cpu,9:0.00} {theirsCpu,11:0.00} {theirsCpu / cpu,9:0.0}× {mb,8:0.0} {double.Parse(row[2], CultureInfo.InvariantCulture),11:0.0}");
}
Console.WriteLine("  ours: warm run, whole process peak RSS (runtime included). * rdflib MB: growth of peak RSS while serialising,");
Console.WriteLine("    on top of the parsed graph it needs in memory first (see the process peak above).");
var smallest = ours[(RdfSerialization.RdfXml, sizes[0])].PeakMb;
// Peak RSS is the honest flat-memory measure: it covers every buffer the writer ever held.
var largest = ours[(RdfSerialization.RdfXml, sizes[^1])].PeakMb;
Console.WriteLine();
Console.WriteLine($"Memory: our peak RSS {smallest:0} MB at {sizes[0]:N0} datasets vs {largest:0} MB at {sizes[^1]:N0} ({largest / smallest:0.00}× for {sizes[^1] / (double)sizes[0]:0}× the datasets).");
Console.WriteLine(goal ? "Goal met: ≥ 10× faster than rdflib (wall time) for RDF/XML and Turtle."
    : cpuGoal ? "Goal met on CPU time but not on wall time (a loaded machine: rerun when it is idle)." : "Goal NOT met: < 10× faster than rdflib.");
Directory.Delete(work, recursive: true);
return 0;

static double PeakRssMb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    return double.NaN;
}

/// <summary>A deterministic catalogue: 50 organisations, N datasets with every property filled, 3 distributions each.</summary>
static class Generated
{
    public static readonly DcatInstance Instance = new()
    {
        BaseUrl = "https://data.exempel.se",
        Title = new("Benchmarkkatalog", "Benchmark catalogue"),
        Description = new("Genererad katalog för prestandamätning.", "Generated catalogue for benchmarking."),
        Publisher = new DcatAgent("Exempelregionen", "2321000016", AdmsPublisherType.RegionalAuthority),
        Issued = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Modified = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static readonly string[] Themes = ["ENVI", "TRAN", "EDUC", "HEAL", "REGI", "SOCI", "GOVE", "ECON"];

    public static IAsyncEnumerable<DcatOrganisationCatalogue> Organisations(int datasets)
    {
        const int organisations = 50;
        return Enumerable.Range(0, organisations).Select(o => new DcatOrganisationCatalogue(
            new DcatOrganisation
            {
                Slug = $"kommun-{o:D2}", Name = $"Kommun {o:D2}", OrganisationNumber = $"21200{o:D5}", MunicipalityCode = $"{1400 + o}",
                Homepage = $"https://kommun{o:D2}.se/", ContactEmail = $"oppnadata@kommun{o:D2}.se", ContactPhone = "0101234567",
            },
            Datasets(o, datasets / organisations + (o < datasets % organisations ? 1 : 0)))).ToAsyncEnumerable();
    }

    private static async IAsyncEnumerable<DcatDataset> Datasets(int org, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var slug = $"datamangd-{i:D5}";
            var url = $"https://data.exempel.se/download/kommun-{org:D2}/{slug}";
            yield return new DcatDataset
            {
                Slug = slug,
                Title = new($"Datamängd {i} från kommun {org} – åäö \"citat\" & <tecken>", $"Dataset {i} from municipality {org}"),
                Description = new($"Beskrivning av datamängd {i}.\nMed flera rader och tecken som måste skyddas: < > & \" '.", $"Description of dataset {i}."),
                Keywords = [new("miljö"), new("kommun"), new($"ord{i % 97}"), new("environment", "en")],
                Themes = [Themes[i % Themes.Length], Themes[(i + 3) % Themes.Length]],
                SpecificationIri = "https://dataportal.se/specifications/badplatser/1.0",
                LicenseIri = i % 2 == 0 ? DcatLicenses.Cc0 : DcatLicenses.CcBy40,
                Issued = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i % 365),
                Modified = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i),
                UpdateFrequency = "DAILY",
                BoundingBox = new DcatBoundingBox(57 + org * 0.01, 12 + org * 0.01, 57.5 + org * 0.01, 12.6 + org * 0.01),
                Temporal = new DcatTemporalCoverage(new DateOnly(2020, 1, 1), new DateOnly(2026, 12, 31)),
                SustainableDevelopmentGoals = [6, 11],
                Distributions =
                [
                    new() { Format = "csv", DownloadUrl = url + ".csv", ByteSize = 10_000 + i, Sha256 = Hash(i, 'a') },
                    new() { Format = "geojson", DownloadUrl = url + ".geojson", ByteSize = 30_000 + i, Sha256 = Hash(i, 'b') },
                    new() { Format = "parquet", DownloadUrl = url + ".parquet", ByteSize = 5_000 + i, Sha256 = Hash(i, 'c') },
                ],
            };
            if (i % 256 == 0) await Task.Yield();
        }
    }

    private static string Hash(int i, char c) => i.ToString("x8", CultureInfo.InvariantCulture) + new string(c, 56);
}
