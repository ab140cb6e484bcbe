using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// A folder a municipality's system exports into on its own schedule. The newest file matching the
/// pattern is the dataset's current content; the item's identity is the folder, so each new export
/// becomes a new version of the same dataset. Files still being written (changed in the last few
/// seconds) are left for the next run.
/// </summary>
public sealed class FileDropSourceAdapter(SourceFetcher fetcher, TimeProvider clock) : ISourceAdapter
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public SourceKind Kind => SourceKind.FileDrop;

    public Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(source.Location);
        fetcher.EnsureAllowedPath(folder, source.Location);
        if (!Directory.Exists(folder)) throw new FetchException($"The drop folder '{source.Location}' does not exist.");
        var settings = SourceSettings.Parse(source.SettingsJson);
        // Sources saved before patterns were checked are refused here, before anything is listed.
        if (SourceSettings.CheckPattern(settings.Pattern) is { } patternError) throw new FetchException(patternError);
        var settledBefore = clock.GetUtcNow().UtcDateTime - SettleTime;
        var newest = new DirectoryInfo(folder).EnumerateFiles(settings.Pattern, SearchOption.TopDirectoryOnly)
            .Where(f => KindOf(f.Name) is not null && f.LastWriteTimeUtc <= settledBefore)
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (newest is null)
            throw new FetchException($"The drop folder '{source.Location}' holds no finished CSV, TSV, GeoJSON or XLSX file matching '{settings.Pattern}'.");
        return Task.FromResult<IReadOnlyList<SourceItem>>(
            [new SourceItem(source.Location, newest.FullName) { DataKind = KindOf(newest.Name) }]);
    }

    public static SourceKind? KindOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" or ".tsv" or ".txt" => SourceKind.Csv,
        ".geojson" or ".json" => SourceKind.GeoJson,
        ".xlsx" => SourceKind.Xlsx,
        _ => null,
    };
}
