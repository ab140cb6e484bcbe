using SmartMiljo.OpenData.Rdf.Metadata;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// A CKAN portal through its action API: <c>package_search</c> is paged with <c>start</c>/<c>rows</c>; every
/// package becomes an item keyed by its CKAN id, and its first CSV/GeoJSON/XLSX resource its data.
/// The location is the portal root (e.g. https://ckan.example.se) or the package_search URL itself.
/// </summary>
public sealed class CkanCatalogueAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : ISourceAdapter
{
    private static readonly Dictionary<string, string> KnownLicenses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cc-zero"] = "http://creativecommons.org/publicdomain/zero/1.0/",
        ["cc0-1.0"] = "http://creativecommons.org/publicdomain/zero/1.0/",
        ["cc-by"] = "http://creativecommons.org/licenses/by/4.0/",
        ["cc-by-4.0"] = "http://creativecommons.org/licenses/by/4.0/",
    };

    public bool CreatesDatasets => true;

    public SourceKind Kind => SourceKind.Ckan;

    public async Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        var search = SearchUrl(source.Location);
        var rows = Math.Min(settings.PageSize, 1000);
        var items = new List<SourceItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var work = new WorkFiles(options.Value.WorkDirectory);
        for (long start = 0, page = 0; ; page++)
        {
            if (page >= options.Value.MaxPages)
                throw new FetchException($"The portal lists more than {options.Value.MaxPages:N0} pages (Harvesting:MaxPages); the harvest stopped.");
            var url = $"{search}{(search.Contains('?') ? '&' : '?')}start={start}&rows={rows}";
            var path = work.New(".json");
            var fetched = await fetcher.FetchAsync(url, null, null, path, cancellationToken);
            ContentChecks.RejectWebPage(fetched, url);
            using var document = await ParseAsync(path, url, cancellationToken);
            var root = document.RootElement;
            if (!root.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True
                || !root.TryGetProperty("result", out var result) || !result.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                throw new CatalogueFormatException($"{url} is not a successful CKAN package_search answer.");
            var total = result.TryGetProperty("count", out var c) && c.TryGetInt64(out var n) ? n : 0;
            foreach (var package in results.EnumerateArray())
            {
                var id = Str(package, "id");
                if (id is null || !keys.Add(id)) continue;
                var record = ReadRecord(package, out var data);
                items.Add(data is { } d && settings.HarvestData
                    ? new SourceItem(id, d.Url) { DataKind = d.Kind, Record = record }
                    : new SourceItem(id, id) { HasData = false, Record = record });
            }
            start += results.GetArrayLength();
            if (results.GetArrayLength() == 0 || start >= total) break;
        }
        return items;
    }

    private static string SearchUrl(string location)
    {
        if (location.Contains("/api/3/action/package_search", StringComparison.Ordinal)) return location;
        return location.TrimEnd('/') + "/api/3/action/package_search";
    }

    private static async Task<JsonDocument> ParseAsync(string path, string url, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        try { return await JsonDocument.ParseAsync(stream, default, cancellationToken); }
        catch (JsonException ex) { throw new CatalogueFormatException($"{url} did not answer with JSON: {ex.Message}"); }
    }

    private static CatalogueRecord ReadRecord(JsonElement package, out (string Url, SourceKind Kind)? data)
    {
        data = null;
        var notes = new List<string>();
        var distributions = new List<SourceDistribution>();
        if (package.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
            foreach (var resource in resources.EnumerateArray())
            {
                var url = Str(resource, "url");
                if (url is null) { notes.Add("A resource has no URL; it is left out."); continue; }
                distributions.Add(new SourceDistribution
                {
                    AccessUrl = url, DownloadUrl = url, Format = Str(resource, "format"), MediaType = Str(resource, "mimetype"), Title = Str(resource, "name"),
                });
                var format = (Str(resource, "format") ?? "").Trim().ToLowerInvariant();
                var kind = format switch
                {
                    "csv" or "text/csv" or "tsv" => SourceKind.Csv,
                    "geojson" or "application/geo+json" => SourceKind.GeoJson,
                    "xlsx" => SourceKind.Xlsx,
                    _ => FileDropSourceAdapter.KindOf(Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.AbsolutePath : url),
                };
                if (kind is { } k) data ??= (url, k);
                else notes.Add($"The resource {url} is in a format the harvester does not load ({(format.Length > 0 ? format : "unknown")}); it is published as a link to the source.");
            }
        var licenseId = Str(package, "license_id");
        var license = Str(package, "license_url") ?? (licenseId is not null && KnownLicenses.TryGetValue(licenseId, out var iri) ? iri : null);
        if (license is null && licenseId is not null) notes.Add($"The licence '{licenseId}' has no known IRI.");
        return CatalogueRecordRules.Apply(new CatalogueRecord(new DatasetMetadata
        {
            Title = Str(package, "title") ?? Str(package, "name") ?? CatalogueRecordRules.UntitledSv,
            Description = Str(package, "notes"),
            Keywords = package.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Select(t => Str(t, "display_name") ?? Str(t, "name")).OfType<string>().ToList()
                : [],
            License = license,
            ContactEmail = Str(package, "maintainer_email") ?? Str(package, "author_email"),
            ContactName = Str(package, "maintainer") ?? Str(package, "author"),
            LandingPage = Str(package, "url"),
            Identifier = Str(package, "id"),
            Issued = Str(package, "metadata_created") is { } c && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : null,
            Modified = Str(package, "metadata_modified") is { } m && DateTimeOffset.TryParse(m, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified) ? modified : null,
        })
        {
            Distributions = distributions,
            Notes = notes,
        });
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
