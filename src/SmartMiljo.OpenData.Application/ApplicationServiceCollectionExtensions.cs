using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Credentials;
using SmartMiljo.OpenData.Application.Datasets;
using SmartMiljo.OpenData.Application.Organisations;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Application;

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>Registers the use cases, the authorisation they share and the protection of stored credentials.</summary>
    public static IServiceCollection AddSmartMiljoApplication(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(new PlatformFolders(dataDirectory));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddScoped<ResourceAuthorisation>();
        services.AddScoped<SourceLocationRule>();
        services.AddScoped<SourceQueries>();
        services.AddScoped<RegisterSourceHandler>();
        services.AddScoped<TriggerHarvestHandler>();
        services.AddScoped<UploadToSourceHandler>();
        services.AddScoped<EditSourceHandler>();
        services.AddScoped<Datasets.DatasetMetadataQuery>();
        services.AddScoped<Datasets.EditDatasetMetadataHandler>();
        services.AddScoped<DeleteSourceHandler>();
        // People, keys and the audit log are kept by the web's accounts, which register the ports.
        services.AddScoped<OrganisationOperations>();
        services.AddScoped<MemberOperations>();
        services.AddScoped<ApiKeyOperations>();
        services.AddScoped<WithdrawDatasetHandler>();
        return services;
    }

    /// <summary>E-mail through the SMTP server of configuration section <c>Mail</c> (none configured: nothing is sent, and callers say so).</summary>
    public static IServiceCollection AddSmartMiljoMail(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.Configure<Mail.MailOptions>(configuration.GetSection(Mail.MailOptions.SectionName));
        services.AddSingleton<Core.Mail.IMailSender, Mail.SmtpMailSender>();
        return services;
    }
}
