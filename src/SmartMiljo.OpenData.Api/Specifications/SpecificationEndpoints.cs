using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Registry;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Api.Specifications;

/// <summary>Settings for <c>POST /api/validate</c>; register an instance to change them.</summary>
public sealed class ValidateEndpointOptions
{
    /// <summary>How long a URL may take to answer, and to deliver each piece of its body.</summary>
    public TimeSpan UrlTimeout { get; init; } = RemoteSource.DefaultTimeout;
}

/// <summary>
/// The specification registry and the validator over HTTP:
/// <c>GET /api/specifications</c>, <c>GET /api/specifications/{id}</c> (versions and latest),
/// <c>GET /api/specifications/{id}/{version}</c> (the Table Schema JSON) and <c>POST /api/validate</c>.
/// Every failure is a JSON problem (404 unknown spec, 400 bad request, 422 unreadable file), never a 500.
/// </summary>
public static class SpecificationEndpoints
{
    public static IEndpointRouteBuilder MapSpecificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/specifications", (ISpecificationRegistry registry) =>
            Results.Json(registry.Latest.Select(s => Summary(s, registry.Versions(s.Id))).ToList()));

        app.MapGet("/api/specifications/{id}", (string id, ISpecificationRegistry registry) =>
        {
            var versions = registry.Versions(id);
            if (versions.Count == 0) return UnknownSpecification(id, null);
            return Results.Json(new
            {
                id,
                latest = Summary(versions[^1], versions),
                versions = versions.Select(v => Summary(v, versions)).ToList(),
            });
        });

        app.MapGet("/api/specifications/{id}/{version}", (string id, string version, ISpecificationRegistry registry) =>
        {
            var spec = registry.Find(id, version);
            if (spec is null) return UnknownSpecification(id, version);
            var json = registry is SpecificationRegistry r ? r.FindJson(id, version)! : SpecificationRegistry.ToJson(spec);
            return Results.Content(json.ToJsonString(), "application/schema+json; charset=utf-8");
        });

        app.MapPost("/api/validate", ValidateAsync).DisableAntiforgery();
        return app;
    }

    private static object Summary(Specification s, IReadOnlyList<Specification> versions) => new
    {
        id = s.Id,
        version = s.Version,
        status = s.Status == SpecificationStatus.Official ? "official" : "draft",
        title = s.Title,
        title_en = s.TitleEn,
        description = s.Description,
        description_en = s.DescriptionEn,
        iri = s.Iri,
        themes = s.Themes,
        fields = s.Schema.Fields.Count,
        versions = versions.Select(v => v.Version).ToList(),
        schema = $"/api/specifications/{Uri.EscapeDataString(s.Id)}/{Uri.EscapeDataString(s.Version)}",
    };

    private static async Task<IResult> ValidateAsync(HttpRequest request, ISpecificationRegistry registry, IServiceProvider services, CancellationToken ct)
    {
        IFormFile? file = null;
        string? url = request.Query["url"], specId = request.Query["spec"], version = request.Query["version"];
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            // A body over the server's limit is left to the host's handler: 413 with the limit in words.
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && e is not BadHttpRequestException { StatusCode: 413 })
            {
                return Problem(StatusCodes.Status400BadRequest, "bad-request", "Formuläret kunde inte läsas.", "The form could not be read: " + e.Message);
            }
            file = form.Files.GetFile("file");
            url = Value(form["url"]) ?? url;
            specId = Value(form["spec"]) ?? specId;
            version = Value(form["version"]) ?? version;
        }
        if (string.IsNullOrWhiteSpace(specId))
            return Problem(StatusCodes.Status400BadRequest, "bad-request", "Ange vilken specifikation filen ska följa (spec).", "Name the specification the file should follow (spec).");
        var spec = registry.Find(specId, string.IsNullOrWhiteSpace(version) ? null : version);
        if (spec is null) return UnknownSpecification(specId, version);
        if (file is null && string.IsNullOrWhiteSpace(url))
            return Problem(StatusCodes.Status400BadRequest, "bad-request", "Ladda upp en fil (file) eller ange en adress (url).", "Upload a file (file) or give an address (url).");

        var options = services.GetService<ValidateEndpointOptions>() ?? new ValidateEndpointOptions();
        try
        {
            await using var stream = file is not null
                ? file.OpenReadStream()
                : await RemoteSource.OpenAsync((uri, token) => services.GetRequiredService<OutboundHttp>().SendAsync(uri, token), url!, options.UrlTimeout, ct);
            await using var source = await CsvTabularSource.OpenAsync(stream, ct: ct);
            var report = await new TableValidator().ValidateAsync(source, spec.Schema, NullRowSink.Instance,
                new ValidationOptions { SpecificationId = spec.Id, SpecificationVersion = spec.Version }, ct);
            return Results.Content(report.ToJson(), "application/json; charset=utf-8");
        }
        catch (TabularReadException e)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, e.Code, e.MessageSv, e.Message, e.Hint, e.HintEn);
        }
        catch (OutboundRequestRefusedException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "address-refused", "Adressen hämtas inte: " + e.Message, "The address is not fetched: " + e.Message,
                "Plattformen hämtar bara filer från publika adresser på internet.", "The platform only fetches files from public internet addresses.");
        }
        catch (IOException e)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "source-error", "Filen kunde inte läsas.", "The file could not be read: " + e.Message);
        }
    }

    private static string? Value(Microsoft.Extensions.Primitives.StringValues v) => string.IsNullOrWhiteSpace(v) ? null : v.ToString();

    private static IResult UnknownSpecification(string id, string? version) => Problem(StatusCodes.Status404NotFound, IssueCodes.UnknownSpecification,
        version is null ? $"Specifikationen \"{id}\" finns inte." : $"Specifikationen \"{id}\" finns inte i version {version}.",
        version is null ? $"There is no specification \"{id}\"." : $"Specification \"{id}\" has no version {version}.",
        "Se /api/specifications för de specifikationer som finns.", "See /api/specifications for the specifications there are.");

    private static IResult Problem(int status, string code, string messageSv, string messageEn, string? hint = null, string? hintEn = null) =>
        Results.Problem(
            title: messageEn,
            detail: messageSv,
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = code,
                ["message"] = messageSv,
                ["messageEn"] = messageEn,
                ["hint"] = hint,
                ["hintEn"] = hintEn,
            });
}
