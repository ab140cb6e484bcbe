using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>
/// <c>/download/{org}/{dataset}/changes/v{n}.{csv|json}</c>: the rows version n added, removed and changed against the
/// version before it, streamed from its changes table with the CSV and JSON writers of the downloads. Each row leads
/// with the kind of change (<c>change</c>), the columns whose value changed (<c>changed_columns</c>) and its number in the
/// version it comes from (<c>row_number</c>; numbered on when the dataset has a column of that name); the dataset's
/// columns follow, named as in every format.
/// </summary>
internal static partial class ChangeDownloads
{
    private static readonly IReadOnlyDictionary<string, IExportFormat> Formats = new Dictionary<string, IExportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = ExportFormats.Csv,
        ["json"] = ExportFormats.Json,
    };

    [GeneratedRegex(@"^v(\d{1,9})\.([a-z]+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ChangesFile();

    public static async Task<IResult> ServeAsync(string org, string datasetSlug, string file, HttpContext http, IPublishedDatasets datasets, IRowChanges changes)
    {
        var match = ChangesFile().Match(file);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var number) || number < 1
            || !Formats.TryGetValue(match.Groups[2].Value, out var format))
            return Problem(StatusCodes.Status404NotFound, "Unknown download",
                "Changes are downloaded as /download/{org}/{dataset}/changes/v{n}.csv or .json.");
        var dataset = await datasets.FindVersionAsync(org, datasetSlug, number, http.RequestAborted);
        if (dataset is null)
            return Problem(StatusCodes.Status404NotFound, "Dataset not found", $"'{org}/{datasetSlug}' has no published version {number}.");
        if (dataset.Diff is null)
            return Problem(StatusCodes.Status404NotFound, "No changes recorded",
                $"Version {number} of '{org}/{datasetSlug}' was not compared with an earlier version (it is the first, or the comparison could not be made).");

        var published = dataset.Layout.Published();
        var taken = published.ColumnNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        FieldDefinition[] leading =
        [
            new() { Name = Unused("change", taken), Type = FieldType.String, Description = "added, removed or changed" },
            new() { Name = Unused("changed_columns", taken), Type = FieldType.String, Description = "The columns whose value changed, comma-separated." },
            new() { Name = Unused("row_number", taken), Type = FieldType.Integer, Description = "The row's number in the version it comes from." },
        ];
        var schema = published.Schema with { Fields = [.. leading, .. published.Schema.Fields], PrimaryKey = [], Geometry = null };
        var context = new ExportContext(new TableLayout(schema), dataset.Title, dataset.Description, dataset.License,
            Publisher: dataset.OrganisationName, VersionNumber: dataset.VersionNumber, PublishedAt: dataset.PublishedAt);
        var response = http.Response;
        // The changes of a version never change: cached like the version's own files.
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";
        var fileName = string.Create(CultureInfo.InvariantCulture, $"{dataset.OrganisationSlug}-{dataset.DatasetSlug}-v{number}-changes.{format.Extension}");
        var entityTag = new EntityTagHeaderValue($"\"{dataset.DatasetId:N}-v{number}-changes-{format.Extension}\"", isWeak: true);
        return Results.Stream(body => format.WriteAsync(body, context, Rows(changes, dataset, http.RequestAborted), http.RequestAborted),
            format.MediaType, fileName, dataset.PublishedAt, entityTag);
    }

    private static async IAsyncEnumerable<object?[]> Rows(IRowChanges changes, PublishedDataset dataset, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var change in changes.ReadChangesAsync(dataset.TableName, dataset.Layout, ct))
        {
            var row = new object?[change.Values.Length + 3];
            row[0] = change.Kind.ToString().ToLowerInvariant();
            row[1] = change.ChangedColumns.Count == 0 ? null : string.Join(",", change.ChangedColumns);
            row[2] = change.RowNumber;
            change.Values.CopyTo(row, 3);
            yield return row;
        }
    }

    /// <summary>The name, or with a number after it when the dataset has a column of that name: the dataset's columns keep
    /// the names every format gives them.</summary>
    private static string Unused(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; taken.Contains(candidate); n++) candidate = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
        taken.Add(candidate);
        return candidate;
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(title: title, detail: detail, statusCode: status);
}
