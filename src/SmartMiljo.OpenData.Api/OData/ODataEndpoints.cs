using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.OData;

public static class ODataEndpoints
{
    public const string Prefix = "/odata";

    /// <summary>
    /// Maps the OData service: <c>/odata</c> (regional root over all organisations) and
    /// <c>/odata/{org}</c> (one organisation), each with service document, <c>$metadata</c> and
    /// entity sets. Needs <see cref="IPublishedDatasets"/>, <see cref="IRowDatabase"/> and a <see cref="TimeProvider"/> in DI;
    /// <see cref="ODataServiceOptions"/> is taken from DI when registered (directly or as IOptions).
    /// </summary>
    public static IEndpointRouteBuilder MapODataEndpoints(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var options = services.GetService<ODataServiceOptions>()
                      ?? services.GetService<IOptions<ODataServiceOptions>>()?.Value
                      ?? new ODataServiceOptions();
        var models = services.GetService<ODataModelProvider>() ?? new ODataModelProvider();

        RequestDelegate handler = context =>
        {
            var requestServices = context.RequestServices;
            var database = requestServices.GetRequiredService<IRowDatabase>();
            var executor = new RowQueryExecutor(database, options,
                requestServices.GetRequiredService<ILogger<RowQueryExecutor>>());
            var request = new ODataRequestHandler(requestServices.GetRequiredService<IPublishedDatasets>(), models, executor, options,
                requestServices.GetRequiredService<TimeProvider>(), requestServices.GetRequiredService<ILogger<ODataRequestHandler>>());
            return request.HandleAsync(context);
        };

        app.Map(Prefix, handler).WithDisplayName("OData service root");
        app.Map(Prefix + "/{**path}", handler).WithDisplayName("OData");
        return app;
    }

    /// <summary>Registers the optional OData singletons (model cache and options).</summary>
    public static IServiceCollection AddODataService(this IServiceCollection services, Action<ODataServiceOptions>? configure = null)
    {
        var options = new ODataServiceOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<ODataModelProvider>();
        services.TryAddSingleton(TimeProvider.System); // now() in $filter
        return services;
    }
}
