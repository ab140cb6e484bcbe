namespace SmartMiljo.OpenData.Core.Catalogue;

public enum PublisherType { LocalAuthority, RegionalAuthority, NationalAuthority, Company, NonProfitOrganisation }

/// <summary>A publishing body: a municipality, a region or one of their companies.</summary>
public class Organisation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>URL segment, e.g. <c>exempelkommun</c>: lower-case letters, digits and hyphens.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>Swedish organisationsnummer, ten digits without hyphen (e.g. 2120000000).</summary>
    public required string OrganisationNumber { get; set; }

    /// <summary>SCB kommunkod (four digits) for a municipality, two digits for a region.</summary>
    public string? MunicipalityCode { get; set; }
    public PublisherType PublisherType { get; set; } = PublisherType.LocalAuthority;
    public string? Homepage { get; set; }

    /// <summary>The place the organisation covers, as a GeoNames, Lantmäteriet or EU place IRI
    /// (DCAT <c>dct:spatial</c>); datasets fall back to Sweden without it.</summary>
    public string? SpatialIri { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}
