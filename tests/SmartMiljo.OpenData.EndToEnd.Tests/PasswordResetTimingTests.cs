using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// "Forgot password" must not tell by its timing who has an account: a known address used to answer only after
/// the SMTP conversation. Here the mail server accepts the connection and never answers, so a page that still
/// waited for it would take the whole mail timeout for a known address.
/// </summary>
public sealed class PasswordResetTimingTests : IAsyncLifetime
{
    private readonly TcpListener _silentMailServer = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private PlatformFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _silentMailServer.Start();
        _ = AcceptAndHoldAsync();
        _factory = new PlatformFactory(settings: new Dictionary<string, string>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = ((IPEndPoint)_silentMailServer.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Sender"] = "oppnadata@region.test",
            ["Mail:Timeout"] = "00:00:20",
        });
        _factory.Settings["Web:SignInAttemptsPerMinute"] = "500";
        var admin = _factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", PlatformFactory.ApiKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/organisations",
            new { slug = "tidskommun", name = "Tidskommun", organisationNumber = "2120001637" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/organisations/tidskommun/members",
            new { email = "kand@tidskommun.se", role = "publisher", password = "Ursprung-12345" })).StatusCode);
    }

    private async Task AcceptAndHoldAsync()
    {
        try
        {
            while (true) _held.Add(await _silentMailServer.AcceptTcpClientAsync());
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
    }

    [Fact]
    public async Task A_known_address_is_answered_as_fast_as_an_unknown_one_even_when_the_mail_server_hangs()
    {
        var known = await TimeResetAsync("kand@tidskommun.se");
        var unknown = await TimeResetAsync("okand@tidskommun.se");

        Assert.True(known.Page == unknown.Page, "The answer differs between a known and an unknown address.");
        Assert.True(known.Elapsed < TimeSpan.FromSeconds(10), $"A known address took {known.Elapsed.TotalSeconds:0.0} s (the mail server never answers).");
    }

    private async Task<(TimeSpan Elapsed, string Page)> TimeResetAsync(string email)
    {
        var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await browser.PageAsync("/konto/glomt-losenord");
        var watch = Stopwatch.StartNew();
        var response = await PeopleMailTests.PostFormAsync(browser, "/konto/glomt-losenord", form, new() { ["email"] = email });
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The form's anti-forgery token differs per page; the message shown is what must not differ.
        var page = System.Text.RegularExpressions.Regex.Match(await response.TextAsync(), "id=\"reset-sent\">(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(page);
        return (watch.Elapsed, page);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        _silentMailServer.Stop();
        foreach (var client in _held) client.Dispose();
        return Task.CompletedTask;
    }
}
