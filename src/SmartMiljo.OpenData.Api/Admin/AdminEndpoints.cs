using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Rdf.Metadata;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>
/// The admin API: organisations, sources, harvests and their runs. Reads are public (run reports are
/// about public data); every write needs the API key.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin");
        var writes = admin.MapGroup("").AddEndpointFilter<ApiKeyEndpointFilter>();

        admin.MapGet("/organisations", ListOrganisations).WithName("ListOrganisations");
        writes.MapPost("/organisations", CreateOrganisation).WithName("CreateOrganisation");
        admin.MapGet("/sources", ListSources).WithName("ListSources");
        admin.MapGet("/sources/{id:guid}", GetSource).WithName("GetSource");
        writes.MapPost("/organisations/{org}/sources", CreateSource).WithName("CreateSource");
        writes.MapPost("/sources/{id:guid}/harvest", TriggerHarvest).WithName("TriggerHarvest");
        admin.MapGet("/sources/{id:guid}/runs", ListRuns).WithName("ListRuns");
        admin.MapGet("/runs/{id:guid}", GetRun).WithName("GetRun");
        admin.MapGet("/sources/{id:guid}/items", ListItems).WithName("ListSourceItems");
        writes.MapSourceUploads();
        return app;
    }

    private static async Task<Ok<List<OrganisationResponse>>> ListOrganisations(CatalogueDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Organisations.AsNoTracking().OrderBy(o => o.Slug).ToListAsync(ct)).Select(OrganisationResponse.From).ToList());

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> CreateOrganisation(
        CreateOrganisationRequest request, CatalogueDbContext db, HttpContext http, CancellationToken ct)
    {
        if (ApiKeyGrant.Of(http) is { OrganisationId: not null })
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "Only the instance's API key may create organisations; this key belongs to one organisation.");
        var errors = new Dictionary<string, string[]>();
        if (!InputRules.IsSlug(request.Slug)) errors["slug"] = ["Use lower-case letters, digits and hyphens, e.g. 'mariestad'."];
        else if (request.Slug is "dcat" or "api" or "admin") errors["slug"] = [$"'{request.Slug}' is reserved; choose another slug."];
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["The name is required."];
        if (!InputRules.IsOrganisationNumber(request.OrganisationNumber))
            errors["organisationNumber"] = ["Give the organisationsnummer as ten digits without hyphen, e.g. 2120001637; the last digit is a check digit."];
        if (request.MunicipalityCode is { } code && !(code.Length is 2 or 4 && code.All(char.IsAsciiDigit)))
            errors["municipalityCode"] = ["A kommunkod has four digits (e.g. 1493), a region code two."];
        if (request.SpatialIri is { } spatial && !(Uri.TryCreate(spatial, UriKind.Absolute, out var place) && place.Scheme is "http" or "https"))
            errors["spatialIri"] = ["Give the place as an absolute http(s) IRI, e.g. a GeoNames IRI such as https://sws.geonames.org/2699050/."];
        foreach (var (field, messages) in MetadataRules.Check(new OrganisationMetadata
                 { Name = request.Name, Homepage = request.Homepage, ContactEmail = request.ContactEmail, ContactPhone = request.ContactPhone, SpatialIri = request.SpatialIri }).ToErrors())
            errors.TryAdd(field, messages);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await db.Organisations.AnyAsync(o => o.Slug == request.Slug || o.OrganisationNumber == request.OrganisationNumber, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: "An organisation with this slug or organisationsnummer already exists.");
        var organisation = new Organisation
        {
            Slug = request.Slug, Name = request.Name.Trim(), OrganisationNumber = request.OrganisationNumber,
            MunicipalityCode = request.MunicipalityCode, PublisherType = request.PublisherType ?? PublisherType.LocalAuthority,
            Homepage = request.Homepage, ContactEmail = request.ContactEmail, ContactPhone = request.ContactPhone,
            SpatialIri = request.SpatialIri,
        };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/organisations/{organisation.Slug}", OrganisationResponse.From(organisation));
    }

    private static async Task<Ok<List<SourceResponse>>> ListSources(string? org, CatalogueDbContext db, CancellationToken ct)
    {
        var query = from s in db.HarvestSources.AsNoTracking()
                    join o in db.Organisations.AsNoTracking() on s.OrganisationId equals o.Id
                    join d in db.Datasets.AsNoTracking() on s.DatasetId equals d.Id
                    where org == null || o.Slug == org
                    orderby o.Slug, s.Name
                    select new { s, d.Slug };
        return TypedResults.Ok((await query.ToListAsync(ct)).Select(x => ToResponse(x.s, x.Slug)).ToList());
    }

    private static async Task<Results<Ok<SourceResponse>, NotFound<ProblemDetailsBody>>> GetSource(Guid id, CatalogueDbContext db, CancellationToken ct)
    {
        var row = await (from s in db.HarvestSources.AsNoTracking()
                         join d in db.Datasets.AsNoTracking() on s.DatasetId equals d.Id
                         where s.Id == id
                         select new { s, d.Slug }).FirstOrDefaultAsync(ct);
        return row is null ? TypedResults.NotFound(ProblemDetailsBody.NotFound($"No source {id}.")) : TypedResults.Ok(ToResponse(row.s, row.Slug));
    }

    private static async Task<Results<Created<SourceResponse>, ValidationProblem, NotFound<ProblemDetailsBody>, ProblemHttpResult>> CreateSource(
        string org, CreateSourceRequest request, CatalogueDbContext db, SourceRegistration registration, HttpContext http, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == org, ct);
        if (organisation is null) return TypedResults.NotFound(ProblemDetailsBody.NotFound($"No organisation '{org}'."));
        if (ApiKeyGrant.Of(http) is { } grant && !grant.Covers(organisation.Id)) return ForbiddenFor(org);
        var result = await registration.RegisterAsync(organisation, request, ct);
        if (result.Errors.Count > 0) return TypedResults.ValidationProblem(result.Errors);
        if (result.Conflict is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Conflict);
        return TypedResults.Created($"/api/admin/sources/{result.Source!.Id}", ToResponse(result.Source, result.Dataset!.Slug));
    }

    private static async Task<Results<Accepted<HarvestTriggeredResponse>, NotFound<ProblemDetailsBody>, ProblemHttpResult>> TriggerHarvest(
        Guid id, CatalogueDbContext db, HarvestScheduler scheduler, HttpContext http, CancellationToken ct)
    {
        var organisationId = await db.HarvestSources.Where(s => s.Id == id).Select(s => (Guid?)s.OrganisationId).FirstOrDefaultAsync(ct);
        if (organisationId is null)
            return TypedResults.NotFound(ProblemDetailsBody.NotFound($"No source {id}."));
        if (ApiKeyGrant.Of(http) is { } grant && !grant.Covers(organisationId.Value)) return ForbiddenFor($"source {id}");
        var jobId = scheduler.TriggerNow(id);
        var runsUrl = $"/api/admin/sources/{id}/runs";
        return TypedResults.Accepted(runsUrl, new HarvestTriggeredResponse(id, jobId, runsUrl));
    }

    private static async Task<Results<Ok<List<HarvestRunResponse>>, NotFound<ProblemDetailsBody>>> ListRuns(
        Guid id, int? limit, CatalogueDbContext db, CancellationToken ct)
    {
        if (!await db.HarvestSources.AnyAsync(s => s.Id == id, ct))
            return TypedResults.NotFound(ProblemDetailsBody.NotFound($"No source {id}."));
        var runs = await db.HarvestRuns.AsNoTracking().Include(r => r.Stages).Where(r => r.SourceId == id)
            .OrderByDescending(r => r.StartedAt).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(runs.Select(r => HarvestRunResponse.From(r, withDetails: true)).ToList());
    }

    private static async Task<Results<Ok<HarvestRunResponse>, NotFound<ProblemDetailsBody>>> GetRun(Guid id, CatalogueDbContext db, CancellationToken ct)
    {
        var run = await db.HarvestRuns.AsNoTracking().Include(r => r.Stages).FirstOrDefaultAsync(r => r.Id == id, ct);
        return run is null ? TypedResults.NotFound(ProblemDetailsBody.NotFound($"No run {id}.")) : TypedResults.Ok(HarvestRunResponse.From(run, withDetails: true));
    }

    private static async Task<Results<Ok<List<SourceItemResponse>>, NotFound<ProblemDetailsBody>>> ListItems(Guid id, CatalogueDbContext db, CancellationToken ct)
    {
        if (!await db.HarvestSources.AnyAsync(s => s.Id == id, ct))
            return TypedResults.NotFound(ProblemDetailsBody.NotFound($"No source {id}."));
        var items = await db.HarvestSourceItems.AsNoTracking().Where(i => i.SourceId == id).OrderBy(i => i.ItemKey).ToListAsync(ct);
        return TypedResults.Ok(items.Select(SourceItemResponse.From).ToList());
    }

    private static ProblemHttpResult ForbiddenFor(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
        detail: $"This API key belongs to another organisation and may not change {what}.");

    private static SourceResponse ToResponse(HarvestSource s, string datasetSlug) => new(
        s.Id, s.OrganisationId, s.DatasetId, datasetSlug, s.Name, s.Kind, s.Location, s.Schedule, s.SpecificationId,
        s.SpecificationVersion, s.Enabled, s.CreatedAt,
        s.SettingsJson is null ? null : System.Text.Json.JsonDocument.Parse(s.SettingsJson).RootElement.Clone());
}

/// <summary>RFC 9457 problem body for typed 404 results.</summary>
public sealed record ProblemDetailsBody(string Title, int Status, string Detail)
{
    public static ProblemDetailsBody NotFound(string detail) => new("Not Found", StatusCodes.Status404NotFound, detail);
}
