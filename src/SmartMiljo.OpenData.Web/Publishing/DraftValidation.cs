using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
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
public sealed class DraftValidation(IOptions<WebOptions> options, ISpecificationRegistry specifications, SourceFetcher fetcher, SourcePreview preview,
    TimeProvider clock)
{
    /// <summary>The kinds read from a file (uploaded or at an address); their format is told from the content.</summary>
    public static bool IsFileKind(SourceKind kind) => kind is SourceKind.Csv or SourceKind.Xlsx or SourceKind.GeoJson;

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
        draft.SettingsJson = null;
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
        draft.SettingsJson = null;
        draft.IsUpload = false;
        draft.OriginalFileName = name;
        return null;
    }

    /// <summary>A service or catalogue (WFS, ArcGIS, JSON API, DCAT, CKAN) at <paramref name="url"/>: its data is fetched
    /// the way the harvest will fetch it, by the harvester's own adapter (a catalogue's records are read at analysis).</summary>
    public async Task<string?> FetchServiceAsync(DatasetDraft draft, SourceKind kind, string url, string? settingsJson, CancellationToken ct)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return Catalogue.Labels.L("Ange en adress som börjar med http:// eller https://.", "Give an address starting with http:// or https://.");
        if (SourceSettings.Validate(kind, settingsJson) is { } settingsError)
            return Catalogue.Labels.L("Inställningarna stämmer inte: ", "The settings are not right: ") + settingsError;
        var folder = ResetFolder(draft);
        draft.Kind = kind;
        draft.Location = uri.ToString();
        draft.SettingsJson = settingsJson;
        draft.IsUpload = false;
        draft.OriginalFileName = null;
        if (SourcePreview.IsCatalogue(kind)) return null;
        try
        {
            await preview.FetchAsync(SourceOf(draft), Path.Combine(folder, "data.ndjson"), ct);
            return null;
        }
        catch (Exception e) when (SourcePreview.IsSourceFault(e))
        {
            return Catalogue.Labels.L("Adressen kunde inte hämtas: ", "The address could not be fetched: ") + SourcePreview.Describe(e);
        }
    }

    /// <summary>The layers a WFS or ArcGIS service offers, or what went wrong in plain words.</summary>
    public async Task<(IReadOnlyList<ServiceLayer> Layers, string? Error)> LayersAsync(SourceKind kind, string url, CancellationToken ct)
    {
        try
        {
            var layers = kind == SourceKind.Wfs ? await preview.WfsLayersAsync(url, ct) : await preview.ArcGisLayersAsync(url, ct);
            return (layers, null);
        }
        catch (Exception e) when (SourcePreview.IsSourceFault(e))
        {
            return ([], e is LayerListException layers ? Catalogue.Labels.L(layers.Swedish, layers.Message)
                : Catalogue.Labels.L("Tjänstens lager kunde inte läsas: ", "The service's layers could not be read: ") + SourcePreview.Describe(e));
        }
    }

    /// <summary>The draft as the harvester would see it registered.</summary>
    private HarvestSource SourceOf(DatasetDraft draft) => new()
    {
        Name = draft.Title ?? "preview", Kind = draft.Kind, Location = draft.Location, SettingsJson = draft.SettingsJson,
        OrganisationId = draft.OrganisationId, CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>Sniffs the file and validates it against the draft's specification (or, when
    /// <paramref name="applySuggestion"/> and none is chosen, the suggested one; or a schema inferred from
    /// the data). Returns an error in plain words for unreadable files.</summary>
    public async Task<string?> AnalyseAsync(DatasetDraft draft, bool applySuggestion, CancellationToken ct)
    {
        draft.PreviewJson = null;
        draft.ReportJson = null;
        if (SourcePreview.IsCatalogue(draft.Kind)) return await ListRecordsAsync(draft, ct);
        var path = LocalCopy(draft);
        if (path is null) return Catalogue.Labels.L("Ingen fil finns ännu.", "There is no file yet.");
        if (IsFileKind(draft.Kind))
        {
            // The same registry of readers the harvester uses tells the format from the content.
            var format = await TabularReaders.SniffAsync(path, ct);
            draft.Kind = format switch { TabularFormat.Xlsx => SourceKind.Xlsx, TabularFormat.GeoJson => SourceKind.GeoJson, _ => SourceKind.Csv };
        }
        var source = SourceOf(draft);
        try
        {
            // Read by the harvester's own adapter for the kind: what is shown is what the harvest will publish.
            await using (var table = await preview.OpenAsync(source, path, ct))
            {
                draft.Encoding = table.Facts.GetValueOrDefault(CsvTabularSource.EncodingFact) ?? (draft.Kind == SourceKind.Csv ? null : "utf-8");
                draft.Delimiter = table.Facts.GetValueOrDefault(CsvTabularSource.DelimiterFact);
                draft.Header = string.Join('\n', table.Header);
                draft.SuggestedSpecificationId = Suggest(table.Header)?.Id;
                var rows = new List<IReadOnlyList<string?>>();
                while (rows.Count < DraftPreview.MaxRows && await table.ReadAsync(ct) is { } record)
                    rows.Add(record.Cells.Take(DraftPreview.MaxColumns).Select(DraftPreview.Cell).ToList());
                draft.PreviewJson = new DraftPreview { Header = table.Header.Take(DraftPreview.MaxColumns).ToList(), Rows = rows }.ToJson();
            }
            var spec = specifications.Find(draft.SpecificationId ?? (applySuggestion ? draft.SuggestedSpecificationId : null) ?? "");
            if (spec is not null) draft.SpecificationId = spec.Id;
            TableSchema schema;
            if (spec is not null) schema = spec.Schema;
            else
            {
                await using var sample = await preview.OpenAsync(source, path, ct);
                schema = await new SchemaInferrer().InferAsync(sample, ct);
            }
            await using var validated = await preview.OpenAsync(source, path, ct);
            var report = await new TableValidator().ValidateAsync(validated, schema, NullRowSink.Instance,
                new ValidationOptions { SpecificationId = spec?.Id, SpecificationVersion = spec?.Version }, ct);
            draft.ReportJson = report.ToJson();
            return null;
        }
        catch (TabularReadException e)
        {
            draft.ReportJson = null;
            return (Catalogue.Labels.English ? e.Message : e.MessageSv) + " " + (Catalogue.Labels.English ? e.HintEn : e.Hint);
        }
        catch (Exception e) when (SourcePreview.IsSourceFault(e))
        {
            draft.ReportJson = null;
            return Catalogue.Labels.L("Data kunde inte läsas: ", "The data could not be read: ") + SourcePreview.Describe(e);
        }
    }

    /// <summary>A catalogue's preview: the records its harvest would import, read by the harvester's adapter.</summary>
    private async Task<string?> ListRecordsAsync(DatasetDraft draft, CancellationToken ct)
    {
        try
        {
            var items = await preview.RecordsAsync(SourceOf(draft), ct);
            if (items.Count == 0)
                return Catalogue.Labels.L("Katalogen innehåller inga datamängder.", "The catalogue holds no datasets.");
            draft.PreviewJson = new DraftPreview
            {
                RecordCount = items.Count,
                Records = items.Take(DraftPreview.MaxRecords).Select(i => new PreviewRecord(
                    DraftPreview.Cell(i.Record?.Title ?? i.Key), i.HasData, i.HasData ? i.Location : null, i.Record?.Notes.Take(5).ToList() ?? [])).ToList(),
            }.ToJson();
            return null;
        }
        catch (Exception e) when (SourcePreview.IsSourceFault(e))
        {
            return Catalogue.Labels.L("Katalogen kunde inte läsas: ", "The catalogue could not be read: ") + SourcePreview.Describe(e);
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
