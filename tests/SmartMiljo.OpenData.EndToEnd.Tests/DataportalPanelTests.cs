using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// The "dataportal.se" panel, in the admin API and on the web page for the organisation's members: the DCAT address
/// to register, the SHACL verdict, the MQA score with its to-do list in plain words (which shrinks, and the score
/// rises, when the publisher adds what it asks for) and the next harvest; no key of another organisation reads it.
/// </summary>
public sealed class DataportalPanelTests(AdminApiTests.Platform platform) : IClassFixture<AdminApiTests.Platform>
{
    private readonly TwoOrganisations _two = platform.Organisations;

    [Theory]
    [InlineData(null, 401)]
    [InlineData("a", 403)]
    [InlineData("b", 200)]
    [InlineData("instance", 200)]
    public async Task Only_the_organisation_and_the_instance_read_its_panel(string? holder, int expected)
    {
        var key = holder switch { "a" => _two.KeyOfA, "b" => _two.KeyOfB, "instance" => PlatformFactory.ApiKey, _ => null };
        var response = await _two.Client(key).GetAsync("/api/admin/organisations/b/dataportal");
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(404, (int)(await _two.Client(PlatformFactory.ApiKey).GetAsync("/api/admin/organisations/ingen/dataportal")).StatusCode);
    }

    [Fact]
    public async Task Adding_the_time_period_takes_its_to_do_off_the_list_and_adds_its_points()
    {
        var client = _two.Client(_two.KeyOfB);
        var before = await client.GetFromJsonAsync<JsonElement>("/api/admin/organisations/b/dataportal?dataset=badplatser");
        Assert.Equal("http://data.example.test/datasets/dcat/b", before.GetProperty("dcatAddress").GetString());
        Assert.Equal(375, before.GetProperty("maxPoints").GetInt32());
        Assert.True(before.GetProperty("passesShapes").GetBoolean(), before.ToString());
        Assert.True(before.GetProperty("nextHarvest").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.True(before.GetProperty("nextHarvest").GetDateTimeOffset() <= DateTimeOffset.UtcNow.AddDays(1));
        var dataset = Assert.Single(before.GetProperty("datasets").EnumerateArray());
        Assert.Equal("http://data.example.test/datasets/b/badplatser", dataset.GetProperty("iri").GetString());
        var temporal = dataset.GetProperty("todos").EnumerateArray().Single(t => t.GetProperty("english").GetString() == "add the time period the data covers");
        Assert.Equal("lägg till vilken tidsperiod datan gäller", temporal.GetProperty("swedish").GetString());
        Assert.Equal(20, temporal.GetProperty("points").GetDouble());
        // Plain words only: no DCAT property names in what a publisher reads.
        foreach (var todo in dataset.GetProperty("todos").EnumerateArray())
            Assert.DoesNotMatch("(dct|dcat|foaf|vcard):", todo.GetProperty("swedish").GetString() + todo.GetProperty("english").GetString());

        // The publisher does what it asks.
        var source = await client.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{_two.SourceOfB}");
        var patched = await client.PatchAsync($"/api/admin/datasets/{source.GetProperty("datasetId").GetGuid()}",
            new StringContent("""{"temporal":{"start":"2020-01-01","end":null}}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var after = await client.GetFromJsonAsync<JsonElement>("/api/admin/organisations/b/dataportal?dataset=badplatser");
        var datasetAfter = after.GetProperty("datasets")[0];
        Assert.Equal(dataset.GetProperty("points").GetDouble() + 20, datasetAfter.GetProperty("points").GetDouble());
        Assert.DoesNotContain(datasetAfter.GetProperty("todos").EnumerateArray(), t => t.GetProperty("english").GetString() == "add the time period the data covers");
        Assert.Equal(404, (int)(await client.GetAsync("/api/admin/organisations/b/dataportal?dataset=ingen")).StatusCode);
    }

    [Fact]
    public async Task Members_read_the_panel_on_the_web_in_plain_swedish_and_english()
    {
        var email = "panel." + Guid.NewGuid().ToString("N")[..6] + "@b.example.se";
        Assert.Equal(HttpStatusCode.Created, (await _two.Client(PlatformFactory.ApiKey).PostAsJsonAsync("/api/admin/organisations/b/members",
            new { email, role = "viewer", password = "Panelen-12345" })).StatusCode);
        var browser = platform.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await browser.PageAsync("/konto/logga-in");
        var signedIn = await PeopleMailTests.PostFormAsync(browser, "/konto/logga-in", login, new() { ["Email"] = email, ["Password"] = "Panelen-12345" });
        Assert.Equal("/publicera", signedIn.Headers.Location?.ToString());

        Assert.Contains("/publicera/organisationer/b/dataportal", await browser.PageAsync("/publicera"));
        var page = await browser.PageAsync("/publicera/organisationer/b/dataportal");
        Assert.Contains("http://data.example.test/datasets/dcat/b", page);
        Assert.Contains("av 375 poäng", page);
        Assert.Contains("Nästa hämtning av dataportal.se", page);
        Assert.Contains("id=\"dataset-badplatser\"", page);
        Assert.DoesNotContain("dct:", page);
        var english = await browser.PageAsync("/publicera/organisationer/b/dataportal?lang=en-GB");
        Assert.Contains("How dataportal.se sees Kommun b", english);
        Assert.Contains("of 375 points", english);

        // Another organisation's panel is not hers.
        var refused = await browser.GetAsync("/publicera/organisationer/a/dataportal");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/konto/nekad", refused.Headers.Location?.ToString());
    }
}
