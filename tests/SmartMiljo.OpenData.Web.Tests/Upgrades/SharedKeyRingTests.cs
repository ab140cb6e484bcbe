using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Storage;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Tests.Upgrades;

/// <summary>
/// Web nodes behind a proxy: a sign-in cookie issued by one node must be accepted by another node on the
/// same database, which works only when the data-protection key ring lives in that database.
/// </summary>
public abstract class SharedKeyRingTests : IAsyncLifetime
{
    private OwnedStorage _storage = null!;
    protected StorageOptions Storage => _storage.Options;

    protected abstract StorageProvider Provider { get; }

    public async Task InitializeAsync() => _storage = await OwnedStorage.CreateAsync(Provider);

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task A_cookie_from_one_node_signs_the_user_in_on_another_node_of_the_same_database()
    {
        string authCookie;
        await using (var first = new ServerOnStorage(Storage))
        {
            using var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            authCookie = await SignInAsync(client, "admin@localhost", ServerOnStorage.AdministratorPassword);

            await using var scope = first.Services.CreateAsyncScope();
            var web = scope.ServiceProvider.GetRequiredService<WebDbContext>();
            var keys = await web.DataProtectionKeys.AsNoTracking().ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Contains("<key ", k.Xml));
        }

        // A second node (a fresh host, nothing shared in memory) on the same database.
        await using var second = new ServerOnStorage(Storage);
        using var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/publicera");
        signedIn.Headers.Add("Cookie", authCookie);
        using var response = await other.SendAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var anonymous = await other.GetAsync("/publicera");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    /// <summary>Signs in through the form, carrying cookies by hand so they can be shown to another node;
    /// returns the authentication cookie as a Cookie header value.</summary>
    private static async Task<string> SignInAsync(HttpClient client, string email, string password)
    {
        using var form = await client.GetAsync("/konto/logga-in");
        var antiforgeryCookies = CookiePairs(form);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/konto/logga-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = password,
                ["__RequestVerificationToken"] = ServerOnStorage.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgeryCookies));
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(CookiePairs(response), c => c.StartsWith(".SmartMiljo.Auth=", StringComparison.Ordinal));
    }

    private static List<string> CookiePairs(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).ToList()
            : [];
}

public sealed class SqliteSharedKeyRingTests : SharedKeyRingTests
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresSharedKeyRingTests : SharedKeyRingTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
