using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using SmartMiljo.OpenData.Storage;

namespace SmartMiljo.OpenData.Web.Tests.Upgrades;

/// <summary>The real server (all of Program's wiring, in memory) on storage the test owns, so the same
/// database can be served by one server after another, as after an upgrade.</summary>
public sealed class ServerOnStorage(StorageOptions storage, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string AdministratorPassword = "Administratör-12345";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", storage.Provider.ToString());
        builder.UseSetting("Storage:DataDirectory", storage.DataDirectory);
        if (storage.ConnectionString is not null) builder.UseSetting("Storage:ConnectionString", storage.ConnectionString);
        builder.UseSetting("Admin:ApiKey", "upgrade-tests-key");
        builder.UseSetting("Seed:Enabled", "false");
        builder.UseSetting("Web:AdministratorPassword", AdministratorPassword);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>Serves on Kestrel at 127.0.0.1 and a free port (for a real browser); returns the address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/') + "/");
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the sign-in form (with its anti-forgery token); true when the server
    /// accepted the password and sent the user on to the publishing pages.</summary>
    public static async Task<bool> SignInWithPasswordAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/konto/logga-in");
        var response = await client.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/publicera";
    }

    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value) is { Length: > 0 } token
            ? token
            : throw new InvalidOperationException("The page has no anti-forgery token.");
}
