using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>
/// The wizard's file work: keeps the uploaded (or fetched) file in the platform's drop folder, sniffs
/// format, encoding and delimiter, suggests the specification whose columns fit best, and validates.
/// </summary>
public sealed class DraftValidation(IOptions<WebOptions> options, ISpecificationRegistry specifications, SourceFetcher fetcher)
{
    /// <summary>The harvester may read files below <c>{DataDirectory}/drop</c>; uploads go there.</summary>
    private string DraftFolder(Guid draftId) => DraftUploads.FolderOf(options.Value.DataDirectory, draftId);

    public string? LocalCopy(DatasetDraft draft) =>
        Directory.Exists(DraftFolder(draft.Id)) ? Directory.EnumerateFiles(DraftFolder(draft.Id)).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null;

    /// <summary>Stores an upload, replacing an earlier one (the publisher's corrected file).</summary>
    public async Task<string?> SaveUploadAsync(DatasetDraft draft, IFormFile file, CancellationToken ct)
    {
        if (file.Length == 0) return Catalogue.Labels.L("Filen är tom.", "The file is empty.");
        if (file.Length > options.Value.MaxUploadBytes)
            return Catalogue.Labels.L($"Filen är större än gränsen {Catalogue.Labels.Bytes(options.Value.MaxUploadBytes)}.",
                $"The file is larger than the limit of {Catalogue.Labels.Bytes(options.Value.MaxUploadBytes)}.");
        var folder = ResetFolder(draft);
        var name = SafeFileName(file.FileName);
        var path = Path.Combine(folder, name);
        await using (var target = File.Create(path))
            await file.CopyToAsync(target, ct);
        draft.Location = path;
        draft.IsUpload = true;
        draft.OriginalFileName = Path.GetFileName(file.FileName);
        return null;
    }

    /// <summary>Fetches a URL the same way the harvester will (same limits and address rules).</summary>
    public async Task<string?> FetchAsync(DatasetDraft draft, string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return Catalogue.Labels.L("Ange en adress som börjar med http:// eller https://.", "Give an address starting with http:// or https://.");
        var folder = ResetFolder(draft);
        var name = SafeFileName(Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } n ? n : "data");
        try
        {
            await fetcher.FetchAsync(uri.ToString(), null, null, Path.Combine(folder, name), ct);
        }
        catch (FetchException e)
        {
            return Catalogue.Labels.L("Adressen kunde inte hämtas: ", "The address could not be fetched: ") + e.Message;
        }
        draft.Location = uri.ToString();
        draft.IsUpload = false;
        draft.OriginalFileName = name;
        return null;
    }

    /// <summary>Sniffs the file and validates it against the draft's specification (or, when
    /// <paramref name="applySuggestion"/> and none is chosen, the suggested one; or a schema inferred from
    /// the data). Returns an error in plain words for unreadable files.</summary>
    public async Task<string?> AnalyseAsync(DatasetDraft draft, bool applySuggestion, CancellationToken ct)
    {
        var path = LocalCopy(draft);
        if (path is null) return Catalogue.Labels.L("Ingen fil finns ännu.", "There is no file yet.");
        // The same registry of readers the harvester uses tells the format from the content.
        var format = await TabularReaders.SniffAsync(path, ct);
        draft.Kind = format switch { TabularFormat.Xlsx => SourceKind.Xlsx, TabularFormat.GeoJson => SourceKind.GeoJson, _ => SourceKind.Csv };
        if (draft.Kind == SourceKind.GeoJson)
        {
            // GeoJSON is checked by the harvester's adapter; the wizard only records the format.
            draft.Encoding = "utf-8";
            draft.Delimiter = null;
            draft.ReportJson = null;
            return null;
        }
        try
        {
            await using (var source = await TabularReaders.OpenAsync(path, format, ct: ct))
            {
                draft.Encoding = source.Facts.GetValueOrDefault(CsvTabularSource.EncodingFact);
                draft.Delimiter = source.Facts.GetValueOrDefault(CsvTabularSource.DelimiterFact);
                draft.Header = string.Join('\n', source.Header);
                draft.SuggestedSpecificationId = Suggest(source.Header)?.Id;
            }
            var spec = specifications.Find(draft.SpecificationId ?? (applySuggestion ? draft.SuggestedSpecificationId : null) ?? "");
            if (spec is not null) draft.SpecificationId = spec.Id;
            var schema = spec?.Schema ?? await InferAsync(path, format, ct);
            await using var table = await TabularReaders.OpenAsync(path, format, ct: ct);
            var report = await new TableValidator().ValidateAsync(table, schema, NullRowSink.Instance,
                new ValidationOptions { SpecificationId = spec?.Id, SpecificationVersion = spec?.Version }, ct);
            draft.ReportJson = report.ToJson();
            return null;
        }
        catch (TabularReadException e)
        {
            draft.ReportJson = null;
            return (Catalogue.Labels.English ? e.Message : e.MessageSv) + " " + (Catalogue.Labels.English ? e.HintEn : e.Hint);
        }
    }

    /// <summary>The specification sharing the most columns with the header (names or aliases), if it
    /// covers at least half of the specification's required fields.</summary>
    public Specification? Suggest(IReadOnlyList<string> header)
    {
        var columns = header.Select(Normalise).ToHashSet(StringComparer.Ordinal);
        Specification? best = null;
        var bestScore = 0.0;
        foreach (var spec in specifications.Latest)
        {
            var fields = spec.Schema.Fields;
            var matched = fields.Count(f => columns.Contains(Normalise(f.Name)) || f.Aliases.Any(a => columns.Contains(Normalise(a))));
            var required = fields.Where(f => f.Constraints.Required).ToList();
            var requiredMatched = required.Count(f => columns.Contains(Normalise(f.Name)) || f.Aliases.Any(a => columns.Contains(Normalise(a))));
            if (required.Count > 0 && requiredMatched * 2 < required.Count) continue;
            var score = matched / (double)Math.Max(1, fields.Count);
            if (matched >= 2 && score > bestScore) (best, bestScore) = (spec, score);
        }
        return best;
    }

    private static string Normalise(string name) => TableLayout.ToIdentifier(name);

    private static async Task<TableSchema> InferAsync(string path, TabularFormat format, CancellationToken ct)
    {
        await using var source = await TabularReaders.OpenAsync(path, format, ct: ct);
        return await new SchemaInferrer().InferAsync(source, ct);
    }

    private string ResetFolder(DatasetDraft draft)
    {
        var folder = DraftFolder(draft.Id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Keeps letters, digits, dot, dash and underscore: the name never leaves the folder.</summary>
    private static string SafeFileName(string name)
    {
        var chars = Path.GetFileName(name).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "data" : safe.Length > 100 ? safe[^100..] : safe;
    }
}
