using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Application.Mail;
using SmartMiljo.OpenData.Core.Mail;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>A clock tests move forward (links that expire).</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>The platform with a real SMTP server on 127.0.0.1 (aiosmtpd) as its mail server, and a clock tests move.</summary>
public sealed class MailPlatform : IAsyncLifetime
{
    public LocalSmtpServer Smtp { get; private set; } = null!;
    public PlatformFactory Factory { get; private set; } = null!;
    public WebApplicationFactory<Program> Platform { get; private set; } = null!;
    public MovableClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        Smtp = await LocalSmtpServer.StartAsync();
        Factory = new PlatformFactory(settings: Smtp.Settings);
        // Every test here posts sign-in and password forms from the one test client address.
        Factory.Settings["Web:SignInAttemptsPerMinute"] = "500";
        Platform = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        var created = await Admin().PostAsJsonAsync("/api/admin/organisations", new { slug = "mejlkommun", name = "Mejlkommun", organisationNumber = "2120001637" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public HttpClient Admin()
    {
        var client = Platform.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", PlatformFactory.ApiKey);
        return client;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() => Platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        Factory.Dispose();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// E-mail through a real SMTP server: invitations (the admin API adds a person by e-mail address alone; she gets a
/// link where she chooses her password), "forgot password" (the same answer for any address) and the links' rules:
/// each works once, and not after it expires.
/// </summary>
public sealed class PeopleMailTests(MailPlatform platform) : IClassFixture<MailPlatform>
{
    private static string Unique(string name) => $"{name}.{Guid.NewGuid():N}"[..(name.Length + 9)] + "@mejlkommun.se";

    [Fact]
    public async Task The_smtp_sender_delivers_swedish_text_intact_through_a_real_server()
    {
        var sender = new SmtpMailSender(Options.Create(new MailOptions { Host = platform.Smtp.Host, Port = platform.Smtp.Port, Sender = "oppnadata@region.test" }),
            NullLogger<SmtpMailSender>.Instance);
        var to = Unique("asa");
        await sender.SendAsync(new OutgoingMail(to, "Hämtningen av ”Badplatser” misslyckades\r\nBcc: evil@example.test", "Rad 2: värdet ”ja” är inget tal.\nÅÄÖ åäö."), default);

        var mail = await platform.Smtp.WaitForAsync(to);
        Assert.Equal([to], mail.Recipients);
        Assert.Equal("Hämtningen av ”Badplatser” misslyckades Bcc: evil@example.test", mail.Subject);
        Assert.Contains("Rad 2: värdet ”ja” är inget tal.", mail.Body);
        Assert.Contains("ÅÄÖ åäö.", mail.Body);
        Assert.Contains("oppnadata@region.test", mail.From);
    }

    [Fact]
    public async Task Without_a_mail_server_nothing_is_sent_and_an_unreachable_one_is_reported()
    {
        var none = new SmtpMailSender(Options.Create(new MailOptions()), NullLogger<SmtpMailSender>.Instance);
        Assert.False(none.IsConfigured);
        await Assert.ThrowsAsync<MailNotSentException>(() => none.SendAsync(new OutgoingMail("a@b.se", "x", "y"), default));

        var closedPort = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closedPort.Start();
        var port = ((IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();
        var unreachable = new SmtpMailSender(Options.Create(new MailOptions { Host = "127.0.0.1", Port = port, Sender = "oppnadata@region.test", Timeout = TimeSpan.FromSeconds(5) }),
            NullLogger<SmtpMailSender>.Instance);
        await Assert.ThrowsAsync<MailNotSentException>(() => unreachable.SendAsync(new OutgoingMail("a@b.se", "x", "y"), default));
    }

    [Fact]
    public async Task An_invited_publisher_chooses_her_password_through_the_link_which_then_works_no_more()
    {
        var email = Unique("anna");
        var added = await platform.Admin().PostAsJsonAsync("/api/admin/organisations/mejlkommun/members", new { email, role = "publisher", name = "Anna Andersson" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var member = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(member.GetProperty("invitationPending").GetBoolean());

        var mail = await platform.Smtp.WaitForAsync(email);
        Assert.Contains("Mejlkommun", mail.Subject);
        Assert.Contains("har bjudit in dig att publicera öppna data för Mejlkommun", mail.Body);
        Assert.Contains("has invited you to publish open data for Mejlkommun", mail.Body);
        var link = LinkIn(mail.Body);
        Assert.StartsWith("http://data.example.test/konto/valj-losenord?token=", link.ToString());

        // She cannot sign in before accepting: the account has no password.
        var browser = platform.Browser();
        Assert.DoesNotContain("/publicera", (await SignInAsync(browser, email, "Lösenord-12345")).Headers.Location?.ToString() ?? "");

        var page = await browser.PageAsync(link.PathAndQuery);
        Assert.Contains("Välj ditt lösenord", page);
        Assert.Contains(email, page);

        // A weak password is refused in plain words and does not use the link up.
        var weak = await PostFormAsync(browser, link.PathAndQuery, page, new() { ["password"] = "kort", ["repeat"] = "kort" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("minst 10 tecken", await weak.TextAsync());

        var accepted = await PostFormAsync(browser, link.PathAndQuery, page, new() { ["password"] = "Sommarlov-2027", ["repeat"] = "Sommarlov-2027" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/publicera", accepted.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/publicera")).StatusCode);

        var members = await platform.Admin().GetFromJsonAsync<JsonElement>("/api/admin/organisations/mejlkommun/members");
        Assert.False(members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("invitationPending").GetBoolean());

        // The link works once.
        var again = platform.Browser();
        var second = await again.PageAsync(link.PathAndQuery);
        Assert.Contains("Länken har redan använts", second);
        Assert.DoesNotContain("name=\"password\"", second);
        var replay = await PostFormAsync(again, link.PathAndQuery, await again.PageAsync("/konto/glomt-losenord"),
            new() { ["token"] = Token(link), ["password"] = "Angripare-12345", ["repeat"] = "Angripare-12345" });
        Assert.Contains("Länken har redan använts", await replay.TextAsync());

        // Her password, and only hers, signs her in.
        Assert.Equal("/publicera", (await SignInAsync(platform.Browser(), email, "Sommarlov-2027")).Headers.Location?.ToString());
        Assert.NotEqual("/publicera", (await SignInAsync(platform.Browser(), email, "Angripare-12345")).Headers.Location?.ToString());
    }

    [Fact]
    public async Task An_invitation_link_expires_after_seven_days()
    {
        var email = Unique("bo");
        var added = await platform.Admin().PostAsJsonAsync("/api/admin/organisations/mejlkommun/members", new { email, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var link = LinkIn((await platform.Smtp.WaitForAsync(email)).Body);
        var browser = platform.Browser();
        var page = await browser.PageAsync(link.PathAndQuery);
        Assert.Contains("Välj ditt lösenord", page);

        platform.Clock.Offset = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);
        try
        {
            Assert.Contains("Länken har gått ut", await browser.PageAsync(link.PathAndQuery));
            var late = await PostFormAsync(browser, link.PathAndQuery, page, new() { ["password"] = "Sommarlov-2027", ["repeat"] = "Sommarlov-2027" });
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
            Assert.Contains("Länken har gått ut", await late.TextAsync());
        }
        finally
        {
            platform.Clock.Offset = TimeSpan.Zero;
        }

        // Adding her again sends a new link, and the old one stays dead.
        var again = await platform.Admin().PostAsJsonAsync("/api/admin/organisations/mejlkommun/members", new { email, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var fresh = LinkIn((await platform.Smtp.WaitForAsync(email, count: 2)).Body);
        Assert.NotEqual(link, fresh);
        Assert.Contains("Länken är inte giltig", await platform.Browser().PageAsync(link.PathAndQuery));
        Assert.Contains("Välj ditt lösenord", await platform.Browser().PageAsync(fresh.PathAndQuery));
    }

    [Fact]
    public async Task Forgot_password_answers_alike_for_every_address_and_mails_a_single_use_link_to_real_accounts()
    {
        var email = Unique("cecilia");
        Assert.Equal(HttpStatusCode.Created, (await platform.Admin().PostAsJsonAsync("/api/admin/organisations/mejlkommun/members",
            new { email, role = "publisher", password = "Ursprung-12345" })).StatusCode);
        var unknown = Unique("okand");

        var forKnown = await AskForResetAsync(email);
        var forUnknown = await AskForResetAsync(unknown);
        Assert.Equal(Message(forKnown), Message(forUnknown));
        Assert.Contains("Om adressen hör till ett konto", Message(forKnown));

        var mail = await platform.Smtp.WaitForAsync(email);
        Assert.Equal("Välj ett nytt lösenord", mail.Subject);
        await Task.Delay(500);
        Assert.Empty(platform.Smtp.ReceivedBy(unknown));

        var link = LinkIn(mail.Body);
        var browser = platform.Browser();
        var page = await browser.PageAsync(link.PathAndQuery);
        Assert.Contains("Välj ett nytt lösenord för " + email, page);
        var reset = await PostFormAsync(browser, link.PathAndQuery, page, new() { ["password"] = "Nystart-123456", ["repeat"] = "Nystart-123456" });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        Assert.Equal("/publicera", (await SignInAsync(platform.Browser(), email, "Nystart-123456")).Headers.Location?.ToString());
        Assert.NotEqual("/publicera", (await SignInAsync(platform.Browser(), email, "Ursprung-12345")).Headers.Location?.ToString());
        Assert.Contains("Länken har redan använts", await platform.Browser().PageAsync(link.PathAndQuery));

        // A reset link lives two hours.
        await AskForResetAsync(email);
        var second = LinkIn((await platform.Smtp.WaitForAsync(email, count: 2)).Body);
        platform.Clock.Offset = TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1);
        try { Assert.Contains("Länken har gått ut", await platform.Browser().PageAsync(second.PathAndQuery)); }
        finally { platform.Clock.Offset = TimeSpan.Zero; }
    }

    [Fact]
    public async Task The_reset_mail_is_in_the_language_of_the_page_it_was_asked_from()
    {
        var email = Unique("david");
        Assert.Equal(HttpStatusCode.Created, (await platform.Admin().PostAsJsonAsync("/api/admin/organisations/mejlkommun/members",
            new { email, role = "publisher", password = "Ursprung-12345" })).StatusCode);
        var browser = platform.Browser();
        var page = await browser.PageAsync("/konto/glomt-losenord?lang=en-GB");
        Assert.Contains("Forgot your password", page);
        await PostFormAsync(browser, "/konto/glomt-losenord?lang=en-GB", page, new() { ["email"] = email });
        var mail = await platform.Smtp.WaitForAsync(email);
        Assert.Equal("Choose a new password", mail.Subject);
        Assert.Contains("The link works once and for 2 hours.", mail.Body);
    }

    private async Task<string> AskForResetAsync(string email)
    {
        var browser = platform.Browser();
        var page = await browser.PageAsync("/konto/glomt-losenord");
        var response = await PostFormAsync(browser, "/konto/glomt-losenord", page, new() { ["email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.TextAsync();
    }

    private static string Message(string page) => Regex.Match(page, "<p class=\"notice\" role=\"status\" id=\"reset-sent\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value;

    public static Uri LinkIn(string body) => new(Regex.Match(body, @"https?://\S+/konto/valj-losenord\?token=[A-Za-z0-9_\-%]+").Value);

    private static string Token(Uri link) => Uri.UnescapeDataString(link.Query["?token=".Length..]);

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password)
    {
        var page = await browser.PageAsync("/konto/logga-in");
        return await PostFormAsync(browser, "/konto/logga-in", page, new() { ["Email"] = email, ["Password"] = password });
    }

    /// <summary>Posts a form as a browser would, with the anti-forgery token of the page it came from.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string page, Dictionary<string, string> fields)
    {
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The page has no anti-forgery token.");
        fields["__RequestVerificationToken"] = token;
        return browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }
}

/// <summary>Pages as a person reads them: Razor writes å, ä and ö as character references.</summary>
public static class PageText
{
    public static async Task<string> PageAsync(this HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    public static async Task<string> TextAsync(this HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
