using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.TestSupport;
using SmartMiljo.OpenData.Web.Notifications;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// A broken harvest reaches people: the organisation's publishers get an e-mail (through a real SMTP server) naming
/// the source, what went wrong in their language and the link to fix it; it is listed on their start page; those who
/// chose the daily digest get it once, in the morning's summary; viewers get nothing.
/// </summary>
public sealed class HarvestNoticeMailTests(MailPlatform platform) : IClassFixture<MailPlatform>
{
    [Fact]
    public async Task A_failed_harvest_mails_the_publishers_lists_on_their_start_page_and_goes_once_into_the_digest()
    {
        await using var municipality = await LocalHttpServer.StartAsync();
        municipality.Map("/oppnadata/badplatser.csv", context => { context.Response.StatusCode = StatusCodes.Status500InternalServerError; return Task.CompletedTask; });

        var admin = platform.Admin();
        var now = "nu." + Guid.NewGuid().ToString("N")[..6] + "@mejlkommun.se";
        var digest = "dag." + Guid.NewGuid().ToString("N")[..6] + "@mejlkommun.se";
        var viewer = "las." + Guid.NewGuid().ToString("N")[..6] + "@mejlkommun.se";
        foreach (var (email, role) in new[] { (now, "publisher"), (digest, "administrator"), (viewer, "viewer") })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/organisations/mejlkommun/members",
                new { email, role, password = "Hemligt-12345" })).StatusCode);

        // The digest person chooses the morning summary, in English, on her start page.
        var digestBrowser = await SignedInAsync(digest);
        var start = await digestBrowser.PageAsync("/publicera");
        Assert.Contains("E-postaviseringar", start);
        var saved = await PeopleMailTests.PostFormAsync(digestBrowser, "/publicera?handler=NoticeSettings", start,
            new() { ["delivery"] = "DailyDigest", ["language"] = "en" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Matches("id=\"delivery-digest\"[^>]*checked", await digestBrowser.PageAsync("/publicera"));

        var created = await admin.PostAsJsonAsync("/api/admin/organisations/mejlkommun/sources", new
        {
            name = "Badplatser i Mejlkommun", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
            location = municipality.Url("/oppnadata/badplatser.csv").ToString(), harvestNow = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sourceId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var run = await PlatformFactory.WaitForNewRunAsync(admin, sourceId, 0);
        Assert.Equal("Failed", run.GetProperty("status").GetString());

        var mail = await platform.Smtp.WaitForAsync(now);
        Assert.Equal("Hämtningen av ”Badplatser i Mejlkommun” behöver din uppmärksamhet", mail.Subject);
        Assert.Contains("Hämtningen misslyckades.", mail.Body);
        Assert.Contains("Mejlkommun", mail.Body);
        Assert.Contains("500", mail.Body);
        Assert.Contains($"http://data.example.test/publicera/kallor/{sourceId}", mail.Body);
        await Task.Delay(1000);
        Assert.Empty(platform.Smtp.ReceivedBy(viewer));
        Assert.Empty(platform.Smtp.ReceivedBy(digest));

        // Listed on the publisher's start page, with the way to the source.
        var page = await (await SignedInAsync(now)).PageAsync("/publicera");
        Assert.Contains("Hämtningar som behöver din uppmärksamhet", page);
        Assert.Contains($"href=\"/publicera/kallor/{sourceId}\">Badplatser i Mejlkommun</a>", page);

        // The morning's digest: in English, once.
        await RunDigestAsync();
        var summary = await platform.Smtp.WaitForAsync(digest);
        Assert.Equal("Daily summary: harvests that need your attention", summary.Subject);
        Assert.Contains("1 harvest needed your attention", summary.Body);
        Assert.Contains("Badplatser i Mejlkommun", summary.Body);
        Assert.Contains("The harvest failed.", summary.Body);
        Assert.Contains($"http://data.example.test/publicera/kallor/{sourceId}", summary.Body);
        await RunDigestAsync();
        await Task.Delay(500);
        Assert.Single(platform.Smtp.ReceivedBy(digest));
        Assert.Empty(platform.Smtp.ReceivedBy(viewer));
    }

    private async Task RunDigestAsync()
    {
        await using var scope = platform.Platform.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NoticeDigestJob>().RunAsync(default);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = platform.Browser();
        var login = await browser.PageAsync("/konto/logga-in");
        var signedIn = await PeopleMailTests.PostFormAsync(browser, "/konto/logga-in", login, new() { ["Email"] = email, ["Password"] = "Hemligt-12345" });
        Assert.Equal("/publicera", signedIn.Headers.Location?.ToString());
        return browser;
    }
}
