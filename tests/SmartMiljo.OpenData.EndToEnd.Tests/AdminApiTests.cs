using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

public sealed class AdminApiTests : IClassFixture<AdminApiTests.Platform>
{
    public sealed class Platform() : IDisposable
    {
        public PlatformFactory Factory { get; } = new();
        public void Dispose() => Factory.Dispose();
    }

    private readonly PlatformFactory _factory;

    public AdminApiTests(Platform platform) => _factory = platform.Factory;

    [Fact]
    public async Task Writes_without_the_api_key_are_refused_with_401()
    {
        var anonymous = _factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/admin/organisations", new { slug = "x", name = "X", organisationNumber = "2120001637" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/admin/sources/{Guid.NewGuid()}/harvest", null)).StatusCode);
        // Reads stay open.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/admin/organisations")).StatusCode);
    }

    [Theory]
    [InlineData("Stor Bokstav", "2120001637", "slug")]
    [InlineData("ok-slug", "2120001638", "organisationNumber")]
    [InlineData("ok-slug", "212000-1637", "organisationNumber")]
    public async Task Invalid_organisations_get_a_validation_problem_naming_the_field(string slug, string number, string field)
    {
        var response = await _factory.CreateAdminClient().PostAsJsonAsync("/api/admin/organisations", new { slug, name = "Kommun", organisationNumber = number });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_source_with_a_bad_schedule_or_unknown_specification_is_refused()
    {
        var admin = _factory.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/admin/organisations", new { slug = "validering", name = "Validering", organisationNumber = "2120001520" });
        var response = await admin.PostAsJsonAsync("/api/admin/organisations/validering/sources", new
        {
            name = "Badplatser", location = "https://example.se/bad.csv", schedule = "varje natt", specificationId = "finns-inte",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("schedule", out _));
        Assert.True(errors.TryGetProperty("specificationId", out _));
    }

    [Fact]
    public async Task Health_and_openapi_answer()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var openapi = await client.GetFromJsonAsync<JsonElement>("/openapi");
        var paths = openapi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/admin/organisations", out _));
        Assert.True(paths.TryGetProperty("/api/admin/sources/{id}/harvest", out _));
    }
}
