using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Registry;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Cli;

/// <summary>
/// <c>smartmiljo export FILE|URL --out DIR [--spec ID] [--formats csv,geojson,...]</c>: validates a file
/// (against a specification, or a schema inferred from the whole file) and writes the valid, typed rows
/// in the platform's download formats, with the validation report beside them. Exit codes as validate.
/// </summary>
public sealed class ExportCommand : ICliCommand
{
    public string Name => "export";
    public string Summary => "Validera och konvertera till nedladdningsformat / validate and convert to download formats";
    public string Usage => $"""
        smartmiljo export FIL|URL --out KATALOG [--spec ID [--version V]] [--formats LISTA] [--name NAMN]

          --out       katalog att skriva filerna till (skapas vid behov)
          --spec      specifikation att validera mot; utan den härleds ett schema ur hela filen
          --formats   kommaseparerat urval av: {string.Join(", ", ExportFormats.All.Select(f => f.Extension))}, zip
                      (standard: alla som passar datat)
          --name      filnamn utan ändelse (standard: källfilens namn)

        Läser CSV (alla vanliga teckenkodningar och avgränsare) och GeoJSON (.geojson/.json).
        Slutkod / exit code: 0 giltig, 1 ogiltiga rader utelämnade eller stoppad, 2 kunde inte läsas.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var parsed = CliArguments.Parse(args, out var parseError);
        if (parseError is not null) return Fail(error, parseError);
        if (parsed.Positional.Count != 1 || parsed["out"] is not { } outDirectory)
            return Fail(error, "Ange en fil och --out / give one file and --out.\n\n" + Usage);
        var target = parsed.Positional[0];
        var name = parsed["name"] ?? SafeName(Path.GetFileNameWithoutExtension(target.Contains("://") ? new Uri(target).AbsolutePath : target));

        var registry = SpecificationRegistry.LoadFromDirectory(ValidateCommand.SpecsDirectory(parsed["specs"]));
        Specification? spec = null;
        if (parsed["spec"] is { } specId && (spec = registry.Find(specId, parsed["version"])) is null)
            return Fail(error, $"Okänd specifikation \"{specId}\" / unknown specification. Kända / known: {string.Join(", ", registry.Latest.Select(s => s.Id))}");

        IReadOnlyList<IExportFormat> formats = ExportFormats.All;
        var bundle = true;
        if (parsed["formats"] is { } list)
        {
            var wanted = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.Where(w => w != "zip" && ExportFormats.ByExtension(w) is null).ToList();
            if (unknown.Count > 0) return Fail(error, $"Okänt format / unknown format: {string.Join(", ", unknown)}");
            formats = wanted.Where(w => w != "zip").Select(w => ExportFormats.ByExtension(w)!).ToList();
            bundle = wanted.Contains("zip");
        }

        var work = Path.Combine(Path.GetTempPath(), $"smartmiljo-export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var local = Path.Combine(work, "source");
            await using (var input = await ValidateCommand.OpenAsync(target, RemoteSource.DefaultTimeout, ct))
            await using (var copy = File.Create(local))
                await input.CopyToAsync(copy, ct);

            // The same registry of readers as the harvester and the wizard: CSV, XLSX or GeoJSON by content.
            var format = await TabularReaders.SniffAsync(local, ct);
            var schema = spec?.Schema;
            if (schema is null)
            {
                await using var sample = await TabularReaders.OpenAsync(local, format, ct: ct);
                schema = await new SchemaInferrer().InferAsync(sample, ct);
            }

            // Rows are staged once in a scratch SQLite table, then every format streams from it.
            var database = new SqliteRowDatabase($"Data Source={Path.Combine(work, "rows.db")}");
            var store = new SqliteRowStore(database);
            var layout = new TableLayout(schema);
            ValidationReport report;
            await using (var staged = await store.CreateStagingTableAsync("rows_export", layout, ct))
            {
                await using var table = await TabularReaders.OpenAsync(local, format, ct: ct);
                report = await new TableValidator().ValidateAsync(table, schema, staged, new ValidationOptions
                {
                    SpecificationId = spec?.Id, SpecificationVersion = spec?.Version,
                }, ct);
                await staged.CompleteAsync(ct);
            }

            Directory.CreateDirectory(outDirectory);
            await File.WriteAllTextAsync(Path.Combine(outDirectory, name + ".report.json"), report.ToJson(indented: true), ct);
            var generator = new DownloadGenerator(new FileSystemDownloadStore(outDirectory), formats, precompress: false, bundle: bundle, excelCsvAsView: false, zipOnRequest: false);
            var files = await generator.GenerateAsync(name, new ExportContext(layout, spec?.Title ?? name, spec?.Description, null, FileBaseName: name),
                token => store.ReadRowsAsync("rows_export", layout, token), ct);

            output.WriteLine($"{report.RowsValid:N0} av {report.RowsRead:N0} rader giltiga / rows valid ({report.Verdict}).");
            foreach (var f in files) output.WriteLine($"  {Path.Combine(outDirectory, f.StorageKey),-50} {f.ByteSize,12:N0} byte");
            output.WriteLine($"  {Path.Combine(outDirectory, name + ".report.json")}");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return report.IsValid ? CliApp.ExitOk : CliApp.ExitInvalid;
        }
        catch (TabularReadException e)
        {
            return Fail(error, e.MessageSv == e.Message ? e.Message : $"{e.MessageSv} {e.Hint} / {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            return Fail(error, $"Kunde inte läsa / could not read {target}: {e.Message}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static string SafeName(string name)
    {
        var slug = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return slug.Length == 0 ? "data" : slug;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return CliApp.ExitUnreadable;
    }
}
