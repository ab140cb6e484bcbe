using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// A real fault inside a page (here the catalogue database has lost a table): a person gets the plain 500 page in
/// Swedish and English with an error code, never the exception's text or a stack trace; a program gets problem details
/// with the same kind of code; the fault itself is in the log for the operator.
/// </summary>
public sealed class ServerFaultPageTests : IDisposable
{
    private readonly PlatformFactory _factory = new();

    [Fact]
    public async Task A_fault_in_a_page_reaches_the_plain_error_page_and_the_log_but_not_the_visitor()
    {
        var client = _factory.CreateClient();
        using (var scope = _factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CatalogueDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE organisations");

        using var forPerson = new HttpRequestMessage(HttpMethod.Get, "/organisationer");
        forPerson.Headers.Accept.ParseAdd("text/html");
        var page = await client.SendAsync(forPerson);
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Något gick fel hos oss", html);
        Assert.Contains("Something went wrong on our side", html);
        Assert.Matches(@"<code>[0-9a-f]{32}</code>", html);
        Assert.DoesNotContain("organisations", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sqlite", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at SmartMiljo", html);

        using var forProgram = new HttpRequestMessage(HttpMethod.Get, "/organisationer");
        forProgram.Headers.Accept.ParseAdd("application/json");
        var problem = await client.SendAsync(forProgram);
        Assert.Equal(HttpStatusCode.InternalServerError, problem.StatusCode);
        var json = JsonDocument.Parse(await problem.Content.ReadAsStringAsync()).RootElement;
        Assert.Matches("[0-9a-f]{32}", json.GetProperty("traceId").GetString());
        Assert.DoesNotContain("organisations", json.GetRawText(), StringComparison.OrdinalIgnoreCase);

        Assert.Contains(_factory.Log, line => Regex.IsMatch(line, "no such table: organisations", RegexOptions.IgnoreCase));
    }

    public void Dispose() => _factory.Dispose();
}
