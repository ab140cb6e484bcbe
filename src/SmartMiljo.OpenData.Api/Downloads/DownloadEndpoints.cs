using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>
/// Bulk downloads straight from the generated files: <c>/download/{org}/{dataset}.{ext}</c> for
/// the current version and <c>/download/{org}/{dataset}/v{n}.{ext}</c> for retained ones. ASP.NET's
/// file results do the HTTP work (conditional requests, Range, HEAD, sendfile); this class decides
/// which stored file answers and with which validators. A version whose files are not (all) there yet —
/// they are generated right after it is published, and that can fail — is served on the fly: the same
/// format writer streams the rows from the version's table straight into the response (no Range or
/// Content-Length then, a weak version-based ETag, not cached).
/// </summary>
public static class DownloadEndpoints
{
    private const string CurrentVersionCacheControl = "public, max-age=300";
    private const string FixedVersionCacheControl = "public, max-age=31536000, immutable";
    private const string LiveCacheControl = "no-store";

    public static IEndpointRouteBuilder MapDownloadEndpoints(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/download/{org}/{file}", methods,
                (string org, string file, HttpContext http, IPublishedDatasets datasets, IDownloadStore store, ILoggerFactory logs) =>
                    ServeAsync(DownloadRequest.ForCurrent(org, file), http, datasets, store, logs))
            .WithName("DownloadCurrentVersion");
        app.MapMethods("/download/{org}/{dataset}/{file}", methods,
                (string org, string dataset, string file, HttpContext http, IPublishedDatasets datasets, IDownloadStore store, ILoggerFactory logs) =>
                    ServeAsync(DownloadRequest.ForVersion(org, dataset, file), http, datasets, store, logs))
            .WithName("DownloadVersion");
        app.MapMethods("/download/{org}/{dataset}/changes/{file}", methods,
                (string org, string dataset, string file, HttpContext http, IPublishedDatasets datasets, IRowChanges changes) =>
                    ChangeDownloads.ServeAsync(org, dataset, file, http, datasets, changes))
            .WithName("DownloadVersionChanges");
        return app;
    }

    private static async Task<IResult> ServeAsync(DownloadRequest? request, HttpContext http, IPublishedDatasets datasets,
        IDownloadStore store, ILoggerFactory logs)
    {
        var ct = http.RequestAborted;
        if (request is null)
            return NotFound("Unknown download", "Download addresses look like /download/{org}/{dataset}.{ext} or /download/{org}/{dataset}/v{n}.{ext}.");

        var dataset = request.Version is { } number
            ? await datasets.FindVersionAsync(request.Organisation, request.Dataset, number, ct)
            : await datasets.FindAsync(request.Organisation, request.Dataset, ct);
        if (dataset is null)
            return NotFound("Dataset not found", request.Version is { } v
                ? $"'{request.Organisation}/{request.Dataset}' has no published version {v}."
                : $"'{request.Organisation}/{request.Dataset}' is not a published dataset.");

        var distribution = dataset.Distributions.FirstOrDefault(d => string.Equals(d.Format, request.Extension, StringComparison.OrdinalIgnoreCase));
        var generator = http.RequestServices.GetRequiredService<DownloadGenerator>();
        if (http.Request.Query.TryGetValue("bbox", out var bbox))
            return WithinBox(http, dataset, request.Extension, bbox.ToString(), generator);
        if (distribution is null && generator.MediaTypeOf(request.Extension, dataset.Layout) is { } liveMediaType)
            return Live(http, dataset, request.Extension, liveMediaType, generator);
        if (distribution is null)
            return NotFound("Format not available",
                $"'{request.Extension}' is not available for this dataset. Available: {string.Join(", ", dataset.Distributions.Select(d => d.Format))}.");

        var response = http.Response;
        if (ZipOnRequest.IsAssembled(distribution.StorageKey))
            return await AssembledZipAsync(http, request, dataset, distribution, store, generator, logs);
        var excelView = ExcelCsvView.IsViewOfCsv(distribution.Format, distribution.StorageKey);
        // The Excel CSV view has no compressed variant of its own (the CSV's .gz lacks the byte-order mark).
        var compressible = !excelView && DownloadEncodings.IsCompressible(distribution.MediaType);
        // Caches must keep the compressed and identity representations apart.
        if (compressible) response.Headers.Vary = HeaderNames.AcceptEncoding;

        var (file, encoding) = await OpenRepresentationAsync(store, distribution, compressible ? ContentCodingNegotiation.Acceptable(http.Request) : []);
        if (file is null)
        {
            logs.CreateLogger(typeof(DownloadEndpoints)).LogWarning(
                "Download {StorageKey} of {Organisation}/{Dataset} v{Version} is recorded but missing from the download store; serving it on the fly until the next harvest regenerates it.",
                distribution.StorageKey, dataset.OrganisationSlug, dataset.DatasetSlug, dataset.VersionNumber);
            if (compressible) response.Headers.Remove(HeaderNames.Vary);
            return Live(http, dataset, distribution.Format, distribution.MediaType, generator);
        }

        if (encoding is not null) response.Headers.ContentEncoding = encoding.ContentCoding;
        response.Headers.CacheControl = request.Version is null ? CurrentVersionCacheControl : FixedVersionCacheControl;
        response.Headers.XContentTypeOptions = "nosniff";

        var entityTag = new EntityTagHeaderValue(encoding?.EntityTagFor(distribution.Sha256) ?? $"\"{distribution.Sha256}\"");
        var fileName = string.Create(CultureInfo.InvariantCulture,
            $"{dataset.OrganisationSlug}-{dataset.DatasetSlug}-v{dataset.VersionNumber}.{distribution.Format}");

        if (excelView)
            return Results.File(ExcelCsvView.Open(file.Content), distribution.MediaType, fileName, distribution.CreatedAt, entityTag,
                enableRangeProcessing: file.Content.CanSeek);
        if (file.Content is GzipDecodingReadStream)
        {
            // Stored only as .gz and the client takes no gzip: decompressed while sent. The bytes are the file's own,
            // so its checksum is the strong ETag; a Range is served by decompressing up to its start.
            response.Headers.AcceptRanges = "bytes";
            return Results.File(file.Content, distribution.MediaType, fileName, distribution.CreatedAt, entityTag, enableRangeProcessing: true);
        }
        if (file.PhysicalPath is { } path)
        {
            // Send by path; the stream was only needed to prove the file exists.
            await file.DisposeAsync();
            if (http.Features.Get<IHttpResponseBodyFeature>() is { } body and not LargeChunkSendFileFeature)
                http.Features.Set<IHttpResponseBodyFeature>(new LargeChunkSendFileFeature(body));
            return Results.File(path, distribution.MediaType, fileName, distribution.CreatedAt, entityTag, enableRangeProcessing: true);
        }
        return Results.File(file.Content, distribution.MediaType, fileName, distribution.CreatedAt, entityTag, enableRangeProcessing: file.Content.CanSeek);
    }

    /// <summary>
    /// The zip put together from the stored files while sent (<see cref="ZipOnRequest"/>): the same bytes for every request
    /// of a version, so the checksum recorded at publish is its strong ETag and its length is known. Ranges are not
    /// offered (the zip is not a file to seek in); a Range header gets the whole zip, as HTTP allows.
    /// </summary>
    private static async Task<IResult> AssembledZipAsync(HttpContext http, DownloadRequest request, PublishedDataset dataset,
        PublishedDistribution distribution, IDownloadStore store, DownloadGenerator generator, ILoggerFactory logs)
    {
        var response = http.Response;
        if (!await store.ExistsAsync(distribution.StorageKey, http.RequestAborted))
        {
            logs.CreateLogger(typeof(DownloadEndpoints)).LogWarning(
                "The zip parts list {StorageKey} of {Organisation}/{Dataset} v{Version} is recorded but missing from the download store; serving the zip on the fly until the next harvest regenerates it.",
                distribution.StorageKey, dataset.OrganisationSlug, dataset.DatasetSlug, dataset.VersionNumber);
            return Live(http, dataset, distribution.Format, distribution.MediaType, generator);
        }
        response.Headers.CacheControl = request.Version is null ? CurrentVersionCacheControl : FixedVersionCacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.AcceptRanges = "none";
        response.OnStarting(() =>
        {
            if (response.StatusCode == StatusCodes.Status200OK) response.ContentLength = distribution.ByteSize;
            return Task.CompletedTask;
        });
        var fileName = string.Create(CultureInfo.InvariantCulture,
            $"{dataset.OrganisationSlug}-{dataset.DatasetSlug}-v{dataset.VersionNumber}.{distribution.Format}");
        return Results.Stream(body => ZipOnRequest.WriteAsync(store, distribution.StorageKey, body, http.RequestAborted),
            distribution.MediaType, fileName, distribution.CreatedAt, new EntityTagHeaderValue($"\"{distribution.Sha256}\""));
    }

    /// <summary>
    /// <c>?bbox=minLon,minLat,maxLon,maxLat</c> (as in OGC API Features): the rows whose geometry (line, area or point) or
    /// position meets the box, in any format, streamed from the version's table through its spatial index (the R*Tree
    /// on SQLite, GiST and ST_Intersects on PostgreSQL).
    /// </summary>
    private static IResult WithinBox(HttpContext http, PublishedDataset dataset, string extension, string bbox, DownloadGenerator generator)
    {
        if (!TableSchemaSpatial.HasGeometry(dataset.Layout.Schema))
            return BadRequest("No positions to filter on", $"'{dataset.OrganisationSlug}/{dataset.DatasetSlug}' has no position columns, so bbox does not apply.");
        if (LonLatBox.TryParse(bbox, out var problem) is not { } area)
            return BadRequest("Invalid bbox", problem!);
        if (generator.MediaTypeOf(extension, dataset.Layout) is not { } mediaType)
            return NotFound("Format not available", $"'{extension}' is not a download format of this dataset.");
        var suffix = string.Create(CultureInfo.InvariantCulture, $"bbox={area.MinLongitude},{area.MinLatitude},{area.MaxLongitude},{area.MaxLatitude}");
        return Live(http, dataset, extension, mediaType, generator, area, suffix);
    }

    /// <summary>Streams the download from the version's rows with the same writer that makes the file.</summary>
    private static IResult Live(HttpContext http, PublishedDataset dataset, string extension, string mediaType, DownloadGenerator generator,
        LonLatBox? area = null, string? variant = null)
    {
        var rows = http.RequestServices.GetRequiredService<IRowStore>();
        var response = http.Response;
        response.Headers.CacheControl = LiveCacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        // Weak: the content is the version's, but its bytes are not pinned by a recorded checksum.
        var entityTag = new EntityTagHeaderValue(
            $"\"{dataset.DatasetId:N}-v{dataset.VersionNumber}-{extension}{(variant is null ? "" : "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(variant)))[..16])}\"",
            isWeak: true);
        var fileName = string.Create(CultureInfo.InvariantCulture,
            $"{dataset.OrganisationSlug}-{dataset.DatasetSlug}-v{dataset.VersionNumber}{(variant is null ? "" : "-area")}.{extension}");
        var context = new ExportContext(dataset.Layout, dataset.Title, dataset.Description, dataset.License,
            Publisher: dataset.OrganisationName, VersionNumber: dataset.VersionNumber, PublishedAt: dataset.PublishedAt);
        return Results.Stream(body => generator.WriteLiveAsync(extension, body, context,
                token => area is { } box ? rows.ReadRowsAsync(dataset.TableName, dataset.Layout, box, token) : rows.ReadRowsAsync(dataset.TableName, dataset.Layout, token),
                http.RequestAborted),
            mediaType, fileName, dataset.PublishedAt, entityTag);
    }

    /// <summary>The best acceptable precompressed variant that exists, else the file itself (decompressed from its
    /// .gz when that is all that is stored, see <see cref="StoredDownloads"/>).</summary>
    private static async Task<(StoredFile? File, DownloadEncoding? Encoding)> OpenRepresentationAsync(
        IDownloadStore store, PublishedDistribution distribution, IEnumerable<DownloadEncoding> acceptable)
    {
        foreach (var encoding in acceptable)
        {
            if (await store.OpenAsync(encoding.KeyFor(distribution.StorageKey)) is { } variant) return (variant, encoding);
        }
        return (await StoredDownloads.OpenAsync(store, distribution.StorageKey, distribution.ByteSize), null);
    }

    private static IResult BadRequest(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);
}
