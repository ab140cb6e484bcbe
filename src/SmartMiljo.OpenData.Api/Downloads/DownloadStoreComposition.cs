using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>
/// Chooses where download files live from <c>Downloads:Store</c>: <c>FileSystem</c> (default; a local
/// or mounted shared folder, <c>Downloads:Directory</c>) or <c>S3</c> (a bucket, <c>Downloads:S3:*</c>).
/// Every node of an installation must use the same store, as workers write what web nodes serve.
/// </summary>
public static class DownloadStoreComposition
{
    public const string StoreSetting = "Downloads:Store";

    public static IServiceCollection AddDownloadStore(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var kind = configuration[StoreSetting];
        if (string.IsNullOrWhiteSpace(kind) || kind.Equals("FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            var directory = configuration["Downloads:Directory"] is { Length: > 0 } dir ? dir : Path.Combine(dataDirectory, "downloads");
            services.AddSingleton<IDownloadStore>(_ => new FileSystemDownloadStore(directory));
        }
        else if (kind.Equals("S3", StringComparison.OrdinalIgnoreCase))
        {
            var options = configuration.GetSection(S3DownloadStoreOptions.SectionName).Get<S3DownloadStoreOptions>() ?? new S3DownloadStoreOptions();
            options.Validate(); // at start-up, not at the first download
            services.AddSingleton<IDownloadStore>(sp => new S3DownloadStore(options, sp.GetService<ILogger<S3DownloadStore>>(), sp.GetService<TimeProvider>()));
        }
        else
        {
            throw new InvalidOperationException($"{StoreSetting} must be FileSystem or S3, not '{kind}'.");
        }
        return services;
    }
}
