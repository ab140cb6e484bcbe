using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Application.Credentials;

/// <summary>
/// Protects source addresses that carry credentials with ASP.NET Core data protection, whose key ring the
/// web keeps in the database (<c>web_data_protection_keys</c>), so every node can read what another wrote.
/// Addresses without secrets stay plain (readable in the database, and no key ring needed to harvest them).
/// </summary>
public sealed class DataProtectionSecretProtector(IServiceProvider services) : ISecretProtector
{
    private const string Prefix = "protected:v1:";

    // Resolved on first use: the key ring's store itself needs the catalogue's context, which needs this.
    private IDataProtector Protector => _protector ??=
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SmartMiljo.OpenData.SourceCredentials");
    private IDataProtector? _protector;

    public bool HoldsSecret(string value) => CredentialMask.HasSecrets(value);

    public string Protect(string value) => IsProtected(value) ? value : Prefix + Protector.Protect(value);

    public string Reveal(string stored) => IsProtected(stored) ? Protector.Unprotect(stored[Prefix.Length..]) : stored;

    public bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);
}
