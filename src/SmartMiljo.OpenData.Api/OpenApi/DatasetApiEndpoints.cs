using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Api.OData.Http;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.OpenApi;

/// <summary>
/// Serves the generated OpenAPI 3.1 descriptions of the data at stable addresses (see <see cref="Core.Catalogue.PublicUrls"/>):
/// <c>/openapi/datasets/{org}/{dataset}.json</c>, <c>/openapi/datasets/{org}.json</c> and <c>/openapi/datasets.json</c>.
/// </summary>
public static class DatasetApiEndpoints
{
    public static IEndpointRouteBuilder MapDatasetApiDescriptions(this IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/openapi/datasets.json", methods, (HttpContext c) => ServeAsync(c, null, null));
        app.MapMethods("/openapi/datasets/{org}.json", methods, (HttpContext c, string org) => ServeAsync(c, org, null));
        app.MapMethods("/openapi/datasets/{org}/{dataset}.json", methods, (HttpContext c, string org, string dataset) => ServeAsync(c, org, dataset));
        return app;
    }

    public static IServiceCollection AddDatasetApiDescriptions(this IServiceCollection services) => services.AddSingleton<ColumnExamples>();

    private static async Task ServeAsync(HttpContext context, string? organisation, string? datasetSlug)
    {
        var services = context.RequestServices;
        var published = services.GetRequiredService<IPublishedDatasets>();
        var ct = context.RequestAborted;
        var datasets = await published.ListAsync(organisation, ct);
        if (datasetSlug is not null) datasets = datasets.Where(d => d.DatasetSlug == datasetSlug).ToList();
        if (datasets.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { title = "Not found", detail = "No published dataset has this address." }, ct);
            return;
        }

        var models = services.GetService<ODataModelProvider>() ?? new ODataModelProvider();
        // A single dataset is described within its organisation's service (the entity set's own address).
        var model = datasetSlug is null && organisation is not null
            ? models.GetModel(organisation, datasets)
            : datasetSlug is not null ? EdmModelBuilder.Build(datasets, regional: false) : models.GetModel(null, datasets);
        var first = datasets[0];
        var scope = (organisation, datasetSlug) switch
        {
            (null, _) => new ApiScope("SmartMiljö OpenData – alla datamängder / all datasets",
                "Öppna data från alla organisationer: OData, OGC API Features och nedladdningar. / Open data of every organisation: OData, OGC API Features and downloads.",
                null, datasets),
            (_, null) => new ApiScope($"{first.OrganisationName} – öppna data / open data",
                $"Alla publicerade datamängder från {first.OrganisationName}. / Every published dataset of {first.OrganisationName}.",
                first.OrganisationSlug, datasets),
            _ => new ApiScope(first.Title, first.Description ?? first.Title, first.OrganisationSlug, datasets),
        };

        var options = services.GetService<ODataServiceOptions>() ?? services.GetService<IOptions<ODataServiceOptions>>()?.Value ?? new ODataServiceOptions();
        var executor = new RowQueryExecutor(services.GetRequiredService<IRowDatabase>(), options, services.GetRequiredService<ILogger<RowQueryExecutor>>());
        var examples = services.GetService<ColumnExamples>() ?? new ColumnExamples();
        var byTable = new Dictionary<string, IReadOnlyDictionary<string, JsonNode>>(StringComparer.Ordinal);
        try
        {
            foreach (var set in model.EntitySets) byTable[set.TableName] = await examples.GetAsync(set, executor, ct);
        }
        catch (ODataRequestException)
        {
            // Examples are a courtesy: a table being replaced or a slow database must not cost the description.
        }

        var platform = services.GetService<IOptions<PlatformOptions>>()?.Value ?? new PlatformOptions();
        var document = DatasetApiDescription.Build(scope, model, platform.ResolveBaseUrl(context.Request), byTable);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "public, max-age=300";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        document.WriteTo(json);
    }
}

/// <summary>
/// One example value per column, the first non-empty one among a table's first rows; read once per row table
/// (a table is one dataset version and never changes).
/// </summary>
public sealed class ColumnExamples
{
    private const int RowsSampled = 50;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, JsonNode>> _byTable = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, JsonNode>> GetAsync(EntitySetBinding set, RowQueryExecutor executor, CancellationToken cancellationToken)
    {
        if (_byTable.TryGetValue(set.TableName, out var known)) return known;
        var columns = set.Properties.Where(p => p.Source == PropertySource.Column && !p.IsGeography).ToList();
        var examples = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (columns.Count > 0)
        {
            var parameters = new SqlParameterList();
            var sql = $"SELECT {string.Join(", ", columns.Select(c => SqlDialectSyntax.Quote(c.Column)))} FROM {SqlDialectSyntax.Quote(set.TableName)}"
                      + $" ORDER BY {SqlDialectSyntax.Quote(set.RowNumber.Column)} LIMIT {parameters.Add((long)RowsSampled)}";
            await using var lease = await executor.ExecuteReaderAsync(sql, parameters, cancellationToken);
            var writer = new RowValueWriter(executor.Syntax.Format, ieee754Compatible: false);
            while (examples.Count < columns.Count && await executor.ReadAsync(lease))
                for (var i = 0; i < columns.Count; i++)
                {
                    if (examples.ContainsKey(columns[i].Name) || writer.RawValue(lease.Reader, columns[i], i) is not { } text) continue;
                    examples[columns[i].Name] = Typed(text, columns[i].Type);
                }
        }
        if (_byTable.Count > 10_000) _byTable.Clear();
        _byTable[set.TableName] = examples;
        return examples;
    }

    private static JsonNode Typed(string text, FieldType type) => type switch
    {
        FieldType.Integer or FieldType.Year when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        FieldType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
        FieldType.Boolean => JsonValue.Create(text == "true"),
        FieldType.Decimal when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => JsonValue.Create(m),
        _ => JsonValue.Create(text),
    };
}
