using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Rdf.Shacl;

namespace SmartMiljo.OpenData.Api.Dcat;

public static class DcatServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the DCAT endpoints use: options, the shape sets (parsed once, on first use), and the
    /// guarded outbound client (<see cref="OutboundHttp"/>) that fetches catalogues by URL and checks links. The host registers its
    /// <see cref="IDcatCatalogueSource"/> itself.
    /// </summary>
    public static IServiceCollection AddDcat(this IServiceCollection services, Action<DcatOptions>? configure = null)
    {
        var builder = services.AddOptions<DcatOptions>();
        if (configure is not null) builder.Configure(configure);
        services.AddSingleton<DcatShapeProvider>();
        OutboundHttp.Register(services);
        return services;
    }
}

/// <summary>Loads the shape sets once; a missing directory becomes a clear error at the endpoint, not at start-up.</summary>
public sealed class DcatShapeProvider(IOptions<DcatOptions> options)
{
    private readonly Lazy<DcatValidator> _validator = new(() =>
    {
        var eu = options.Value.FindEuShapes();
        var se = options.Value.FindSwedishShapes();
        if (eu is null && se is null)
            throw new InvalidOperationException("No SHACL shapes found: set Dcat:EuShapesDirectory and Dcat:SwedishShapesDirectory.");
        return DcatValidator.Load(eu, se);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public DcatValidator Validator => _validator.Value;

    public ShaclValidator? ComplianceShapes => Validator.ShapeSets.FirstOrDefault(s => s.Name == "eu-core")?.Validator;
}
