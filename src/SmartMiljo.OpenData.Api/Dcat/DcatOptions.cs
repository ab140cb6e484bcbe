namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>Configuration of the DCAT endpoints (section "Dcat").</summary>
public sealed class DcatOptions
{
    /// <summary>Datasets per page before Hydra paging starts. dataportal.se reads whole documents, so keep it large.</summary>
    public int PageSize { get; set; } = 5_000;

    /// <summary>The EU DCAT-AP SHACL files (dcat-ap-3.0.1-shapes.ttl, …); found by looking for ../shared/reference/dcat-ap-shacl when null.</summary>
    public string? EuShapesDirectory { get; set; }

    /// <summary>Our DCAT-AP-SE shapes; found by looking for specs/dcat-ap-se when null.</summary>
    public string? SwedishShapesDirectory { get; set; }

    /// <summary>Largest catalogue accepted by /api/dcat/validate (upload or URL).</summary>
    public long MaxValidationBytes { get; set; } = 100_000_000;

    /// <summary>
    /// Largest graph /api/dcat/validate builds in memory; the national catalogues are far below it. Nesting
    /// depth and term length follow <see cref="SmartMiljo.OpenData.Rdf.Parsing.RdfParseLimits"/>.
    /// </summary>
    public long MaxValidationTriples { get; set; } = 2_000_000;

    internal SmartMiljo.OpenData.Rdf.Parsing.RdfParseLimits ValidationLimits => new() { MaxTriples = MaxValidationTriples };

    /// <summary>Allow /api/dcat/validate?url= to fetch from loopback and private networks (tests, intranets).</summary>
    public bool AllowPrivateNetworkUrls { get; set; }

    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Cache-Control max-age for the published catalogue.</summary>
    public TimeSpan CatalogueMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    internal string? FindEuShapes() => EuShapesDirectory ?? FindUpwards(Path.Combine("..", "shared", "reference", "dcat-ap-shacl"));
    internal string? FindSwedishShapes() => SwedishShapesDirectory ?? FindUpwards(Path.Combine("specs", "dcat-ap-se"));

    /// <summary>Looks for <paramref name="relative"/> from the working directory and the app directory upwards.</summary>
    private static string? FindUpwards(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, relative));
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
