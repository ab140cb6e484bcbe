using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Api.Admin;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Api.Downloads;
using SmartMiljo.OpenData.Api.Http;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Api.Ogc;
using SmartMiljo.OpenData.Api.OpenApi;
using SmartMiljo.OpenData.Api.Security;
using SmartMiljo.OpenData.Api.Specifications;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Registry;

namespace SmartMiljo.OpenData.Api;

public static class ApiComposition
{
    /// <summary>Registers what the HTTP surface needs: specifications, downloads, OData and DCAT options.</summary>
    public static IServiceCollection AddSmartMiljoApi(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.Configure<PlatformOptions>(configuration.GetSection(PlatformOptions.SectionName));
        services.AddODataService(o => configuration.GetSection("OData").Bind(o));
        services.AddOgcFeatures();
        services.AddDatasetApiDescriptions();
        services.AddSingleton<ApiKeyEndpointFilter>();
        services.AddPublicResponseCompression();

        var specsDirectory = configuration["Specifications:Directory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "specs");
        services.AddSingleton<ISpecificationRegistry>(_ => SpecificationRegistry.LoadFromDirectory(specsDirectory));

        services.AddDownloadStore(configuration, dataDirectory);
        services.AddSingleton<DownloadGenerator>();
        services.AddHttpContextAccessor();
        services.AddScoped<DcatCatalogueSource>();
        services.AddScoped<IDcatCatalogueSource>(provider => provider.GetRequiredService<DcatCatalogueSource>());
        services.AddScoped<DatasetQuality>();
        services.AddDcat(o => configuration.GetSection("Dcat").Bind(o));
        services.AddSmartMiljoApplication(dataDirectory);
        services.AddSmartMiljoMail(configuration);
        services.Configure<Dataportal.DataportalOptions>(configuration.GetSection(Dataportal.DataportalOptions.SectionName));
        services.AddScoped<Dataportal.DataportalReporter>();
        services.TryAddSingleton(TimeProvider.System);
        OutboundHttp.Register(services);
        return services;
    }

    public static IEndpointRouteBuilder MapSmartMiljoApi(this IEndpointRouteBuilder app)
    {
        app.MapAdminEndpoints();
        app.MapSpecificationEndpoints();
        app.MapODataEndpoints();
        app.MapOgcFeatureEndpoints();
        app.MapDatasetApiDescriptions();
        app.MapDownloadEndpoints();
        app.MapDcatCatalogue();
        app.MapDcatValidation();
        // MQA (with ?checkUrls=true it sends requests) is for administrators: any valid API key.
        app.MapDcatAdmin().AddEndpointFilter<ApiKeyEndpointFilter>();
        return app;
    }
}
