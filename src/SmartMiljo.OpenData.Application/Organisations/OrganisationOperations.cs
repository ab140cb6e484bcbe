using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Rdf.Metadata;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Organisations;

/// <summary>A new organisation (the instance's administrator only).</summary>
public sealed record CreateOrganisation(
    Caller Caller, string? Slug, string? Name, string? OrganisationNumber, string? MunicipalityCode = null,
    PublisherType? PublisherType = null, string? Homepage = null, string? ContactEmail = null, string? ContactPhone = null, string? SpatialIri = null);

/// <summary>New details of an organisation; null leaves a detail as it is, an empty text removes an optional one.</summary>
public sealed record EditOrganisation(
    Caller Caller, string Slug, string? Name = null, string? OrganisationNumber = null, string? MunicipalityCode = null,
    PublisherType? PublisherType = null, string? Homepage = null, string? ContactEmail = null, string? ContactPhone = null, string? SpatialIri = null);

/// <summary>
/// Creates and edits organisations with one set of checks (organisationsnummer with its check digit,
/// kommunkod, place IRI, the DCAT writer's own rules for name, homepage and contact), for the admin API and
/// the web alike. Its administrators edit an organisation; only the instance's creates one.
/// </summary>
public sealed class OrganisationOperations(CatalogueDbContext db, ResourceAuthorisation authorisation, IAuditTrail audit)
{
    private static readonly string[] ReservedSlugs = ["dcat", "api", "admin"];

    public async Task<UseCaseResult<Organisation>> CreateAsync(CreateOrganisation command, CancellationToken ct)
    {
        if (!command.Caller.IsInstanceAdministrator)
            return UseCaseResult<Organisation>.Forbidden("Only the instance's administrator may create organisations; this caller acts for one organisation.");
        var errors = new Dictionary<string, string[]>();
        if (!InputRules.IsSlug(command.Slug)) errors["slug"] = ["Use lower-case letters, digits and hyphens, e.g. 'mariestad'."];
        else if (ReservedSlugs.Contains(command.Slug)) errors["slug"] = [$"'{command.Slug}' is reserved; choose another slug."];
        Check(errors, command.Name, command.OrganisationNumber, command.MunicipalityCode, command.PublisherType, command.Homepage,
            command.ContactEmail, command.ContactPhone, command.SpatialIri, nameRequired: true);
        if (errors.Count > 0) return UseCaseResult<Organisation>.Invalid(errors);
        if (await db.Organisations.AnyAsync(o => o.Slug == command.Slug || o.OrganisationNumber == command.OrganisationNumber, ct))
            return UseCaseResult<Organisation>.Conflict("An organisation with this slug or organisationsnummer already exists.");

        var organisation = new Organisation
        {
            Slug = command.Slug!, Name = command.Name!.Trim(), OrganisationNumber = command.OrganisationNumber!,
            MunicipalityCode = Optional(command.MunicipalityCode), PublisherType = command.PublisherType ?? PublisherType.LocalAuthority,
            Homepage = Optional(command.Homepage), ContactEmail = Optional(command.ContactEmail), ContactPhone = Optional(command.ContactPhone),
            SpatialIri = Optional(command.SpatialIri),
        };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(command.Caller, organisation.Id, "organisation.create", organisation.Slug, organisation.Name), ct);
        return UseCaseResult<Organisation>.Done(organisation);
    }

    public async Task<UseCaseResult<Organisation>> EditAsync(EditOrganisation command, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(command.Caller, command.Slug, Permission.Manage, ct);
        if (!access.Granted) return UseCaseResult<Organisation>.Refused(access, $"organisation '{command.Slug}'");
        var organisation = access.Resource!;

        // Checked as the organisation will be after the change, so a rule spanning details sees them together.
        var name = command.Name ?? organisation.Name;
        var number = command.OrganisationNumber?.Trim() ?? organisation.OrganisationNumber;
        var municipality = command.MunicipalityCode is null ? organisation.MunicipalityCode : Optional(command.MunicipalityCode);
        var homepage = command.Homepage is null ? organisation.Homepage : Optional(command.Homepage);
        var email = command.ContactEmail is null ? organisation.ContactEmail : Optional(command.ContactEmail);
        var phone = command.ContactPhone is null ? organisation.ContactPhone : Optional(command.ContactPhone);
        var spatial = command.SpatialIri is null ? organisation.SpatialIri : Optional(command.SpatialIri);
        var errors = new Dictionary<string, string[]>();
        Check(errors, name, number, municipality, command.PublisherType, homepage, email, phone, spatial, nameRequired: true);
        if (errors.Count > 0) return UseCaseResult<Organisation>.Invalid(errors);
        if (number != organisation.OrganisationNumber && await db.Organisations.AnyAsync(o => o.Id != organisation.Id && o.OrganisationNumber == number, ct))
            return UseCaseResult<Organisation>.Conflict("Another organisation has this organisationsnummer.");

        var changed = new List<string>();
        void Set<T>(string field, T before, T after, Action<T> apply)
        {
            if (EqualityComparer<T>.Default.Equals(before, after)) return;
            apply(after);
            changed.Add(field);
        }
        Set("name", organisation.Name, name.Trim(), v => organisation.Name = v);
        Set("organisationNumber", organisation.OrganisationNumber, number, v => organisation.OrganisationNumber = v);
        Set("municipalityCode", organisation.MunicipalityCode, municipality, v => organisation.MunicipalityCode = v);
        Set("publisherType", organisation.PublisherType, command.PublisherType ?? organisation.PublisherType, v => organisation.PublisherType = v);
        Set("homepage", organisation.Homepage, homepage, v => organisation.Homepage = v);
        Set("contactEmail", organisation.ContactEmail, email, v => organisation.ContactEmail = v);
        Set("contactPhone", organisation.ContactPhone, phone, v => organisation.ContactPhone = v);
        Set("spatialIri", organisation.SpatialIri, spatial, v => organisation.SpatialIri = v);
        if (changed.Count == 0) return UseCaseResult<Organisation>.Done(organisation);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(command.Caller, organisation.Id, "organisation.edit", organisation.Slug,
            $"{organisation.Name}: {string.Join(", ", changed)}"), ct);
        return UseCaseResult<Organisation>.Done(organisation);
    }

    private static void Check(Dictionary<string, string[]> errors, string? name, string? number, string? municipalityCode, PublisherType? type,
        string? homepage, string? email, string? phone, string? spatialIri, bool nameRequired)
    {
        if (nameRequired && string.IsNullOrWhiteSpace(name)) errors["name"] = ["Namnet behövs. / The name is required."];
        if (!InputRules.IsOrganisationNumber(number))
            errors["organisationNumber"] = ["Ange organisationsnumret som tio siffror utan bindestreck, t.ex. 2120001637; sista siffran är en kontrollsiffra. / " +
                                            "Give the organisationsnummer as ten digits without hyphen, e.g. 2120001637; the last digit is a check digit."];
        if (municipalityCode is { } code && !(code.Length is 2 or 4 && code.All(char.IsAsciiDigit)))
            errors["municipalityCode"] = ["En kommunkod har fyra siffror (t.ex. 1493), en regionkod två. / A kommunkod has four digits (e.g. 1493), a region code two."];
        if (type is { } given && !Enum.IsDefined(given))
            errors["publisherType"] = [$"Use one of {string.Join(", ", Enum.GetNames<PublisherType>())}."];
        if (spatialIri is { } spatial && !(Uri.TryCreate(spatial, UriKind.Absolute, out var place) && place.Scheme is "http" or "https"))
            errors["spatialIri"] = ["Ange platsen som en http(s)-IRI, t.ex. https://sws.geonames.org/2699050/. / " +
                                    "Give the place as an absolute http(s) IRI, e.g. a GeoNames IRI such as https://sws.geonames.org/2699050/."];
        foreach (var (field, messages) in MetadataRules.Check(new OrganisationMetadata
                 { Name = name, Homepage = homepage, ContactEmail = email, ContactPhone = phone, SpatialIri = spatialIri }).ToErrors())
            errors.TryAdd(field, messages);
    }

    /// <summary>An optional detail: blank means none.</summary>
    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
