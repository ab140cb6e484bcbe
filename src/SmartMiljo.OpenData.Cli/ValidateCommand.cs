using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Registry;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Cli;

/// <summary>
/// <c>smartmiljo validate FILE|URL --spec ID [--version V] [--format text|json] [--lang sv|en]</c>.
/// Exits 0 when every row is valid (warnings allowed), 1 when rows are invalid or publication is
/// blocked, 2 when the file, address or specification could not be read.
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";
    public string Summary => "Validera en fil (CSV, XLSX, GeoJSON) mot en specifikation / validate a file (CSV, XLSX, GeoJSON) against a specification";
    public string Usage => """
        smartmiljo validate FIL|URL --spec ID [--version V] [--format text|json] [--lang sv|en]
                            [--specs KATALOG] [--epsg KOD] [--timeout SEKUNDER] [--max-issues N]

          --spec      specifikationens id, t.ex. badplatser (lista: smartmiljo validate --list)
          --version   version att validera mot (standard: den senaste)
          --format    text (tabell, standard) eller json (hela rapporten)
          --epsg      koordinatsystem som filen använder, t.ex. 3010 för SWEREF 99 16 30
          --specs     katalog med specifikationer (standard: den som följer med verktyget)

        Slutkod / exit code: 0 giltig, 1 ogiltig eller stoppad, 2 kunde inte läsas.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var parsed = CliArguments.Parse(args, out var parseError);
        if (parseError is not null) return Fail(error, parseError);

        SpecificationRegistry registry;
        try { registry = SpecificationRegistry.LoadFromDirectory(SpecsDirectory(parsed["specs"])); }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or IOException)
        {
            return Fail(error, "Specifikationerna kunde inte läsas / the specifications could not be read: " + e.Message);
        }

        if (args.Contains("--list"))
        {
            foreach (var s in registry.Latest)
                output.WriteLine($"{s.Id,-24} {s.Version,-6} {(s.Status == SpecificationStatus.Official ? "official" : "draft"),-9} {s.Title}");
            return CliApp.ExitOk;
        }
        if (parsed.Positional.Count != 1) return Fail(error, "Ange en fil eller adress / give one file or address.\n\n" + Usage);
        var specId = parsed["spec"];
        if (specId is null) return Fail(error, "Ange --spec / give --spec.\n\n" + Usage);
        var spec = registry.Find(specId, parsed["version"]);
        if (spec is null)
        {
            var known = string.Join(", ", registry.Latest.Select(s => s.Id));
            var versions = registry.Versions(specId);
            return Fail(error, versions.Count > 0
                ? $"Specifikationen {specId} har ingen version {parsed["version"]} (finns: {string.Join(", ", versions.Select(v => v.Version))})."
                : $"Okänd specifikation \"{specId}\" / unknown specification. Kända / known: {known}");
        }
        var format = parsed["format"] ?? "text";
        if (format is not ("text" or "json")) return Fail(error, "--format ska vara text eller json / must be text or json.");
        var english = parsed["lang"] == "en";
        int? epsg = parsed["epsg"] is { } e1 ? int.TryParse(e1, out var code) ? code : -1 : null;
        if (epsg == -1) return Fail(error, "--epsg ska vara ett tal, t.ex. 3006 / must be a number.");
        var timeout = parsed["timeout"] is { } t && double.TryParse(t, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : RemoteSource.DefaultTimeout;
        var maxIssues = parsed["max-issues"] is { } m && int.TryParse(m, out var mi) ? mi : 100;

        var target = parsed.Positional[0];
        ValidationReport report;
        try
        {
            // A local file is read by the registry of readers (CSV, XLSX or GeoJSON by content); an
            // address or standard input is streamed as CSV.
            await using var source = IsLocalFile(target)
                ? await TabularReaders.OpenAsync(target, ct: ct)
                : await CsvTabularSource.OpenAsync(await OpenAsync(target, timeout, ct), ct: ct);
            report = await new TableValidator().ValidateAsync(source, spec.Schema, NullRowSink.Instance, new ValidationOptions
            {
                SpecificationId = spec.Id,
                SpecificationVersion = spec.Version,
                SourceEpsg = epsg,
                MaxIssuesPerCode = maxIssues,
            }, ct);
        }
        catch (TabularReadException e)
        {
            return Fail(error, english ? $"{e.Message} {e.HintEn}" : $"{e.MessageSv} {e.Hint}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(error, (english ? "Could not read " : "Kunde inte läsa ") + target + ": " + e.Message);
        }

        if (format == "json") output.WriteLine(report.ToJson(indented: true));
        else ReportPrinter.Print(report, target, spec, english, output);
        return report.IsValid ? CliApp.ExitOk : CliApp.ExitInvalid;
    }

    private static bool IsLocalFile(string target) =>
        target != "-" && !target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        && File.Exists(target);

    internal static async Task<Stream> OpenAsync(string target, TimeSpan timeout, CancellationToken ct)
    {
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // RemoteSource enforces its own timeouts
            return await RemoteSource.OpenAsync(client, target, timeout, ct);
        }
        if (target == "-") return Console.OpenStandardInput();
        if (!File.Exists(target))
            throw new TabularReadException("source-error", $"Filen \"{target}\" finns inte.", $"The file \"{target}\" does not exist.",
                "Kontrollera sökvägen.", "Check the path.");
        return new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>--specs, then $SMARTMILJO_SPECS, then the copy shipped beside the tool, then a
    /// <c>specs</c> folder above the working directory (running from a checkout).</summary>
    internal static string SpecsDirectory(string? explicitDirectory)
    {
        if (explicitDirectory is not null) return explicitDirectory;
        if (Environment.GetEnvironmentVariable("SMARTMILJO_SPECS") is { Length: > 0 } env) return env;
        var shipped = Path.Combine(AppContext.BaseDirectory, "specs");
        if (Directory.Exists(shipped)) return shipped;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "specs"))) return Path.Combine(dir.FullName, "specs");
        return shipped;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return CliApp.ExitUnreadable;
    }
}
