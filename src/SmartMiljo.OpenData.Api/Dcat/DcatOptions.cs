namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>Configuration of the DCAT endpoints (section "Dcat").</summary>
public sealed class DcatOptions
{
    /// <summary>Datasets per page before Hydra paging starts. dataportal.se reads whole documents, so keep it large.</summary>
    public int PageSize { get; set; } = 5_000;

    /// <summary>The EU DCAT-AP SHACL files (dcat-ap-3.0.1-shapes.ttl, …); not loaded when null or missing. The server
    /// sets it from <c>Dcat:EuShapesDirectory</c> (default <c>../shared/reference/dcat-ap-shacl</c>, see README).</summary>
    public string? EuShapesDirectory { get; set; }

    /// <summary>Our DCAT-AP-SE shapes; not loaded when null or missing. The server sets it from
    /// <c>Dcat:SwedishShapesDirectory</c> (default <c>specs/dcat-ap-se</c>).</summary>
    public string? SwedishShapesDirectory { get; set; }

    /// <summary>Largest catalogue accepted by /api/dcat/validate (upload or URL).</summary>
    public long MaxValidationBytes { get; set; } = 100_000_000;

    /// <summary>
    /// Largest graph /api/dcat/validate builds in memory; the national catalogues are far below it. Nesting
    /// depth and term length follow <see cref="SmartMiljo.OpenData.Rdf.Parsing.RdfParseLimits"/>.
    /// </summary>
    public long MaxValidationTriples { get; set; } = 2_000_000;

    internal SmartMiljo.OpenData.Rdf.Parsing.RdfParseLimits ValidationLimits => new() { MaxTriples = MaxValidationTriples };

    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Cache-Control max-age for the published catalogue.</summary>
    public TimeSpan CatalogueMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    internal string? FindEuShapes() => Existing(EuShapesDirectory);
    internal string? FindSwedishShapes() => Existing(SwedishShapesDirectory);

    private static string? Existing(string? directory) => directory is not null && Directory.Exists(directory) ? directory : null;
}
