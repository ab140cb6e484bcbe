using System.Net;
using System.Text.Json;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>HTTP helpers shared by the dialect-parameterised OData tests.</summary>
public abstract class ODataTestBase(ODataServiceFixture fixture)
{
    protected ODataServiceFixture Fixture { get; } = fixture;
    protected HttpClient Client => Fixture.Client;
    protected const string Org = "odata/" + TestDatasets.Organisation + "/";

    protected async Task<JsonElement> GetJsonAsync(string relative, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {relative}: expected {expected}, got {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The <c>id</c> values of a badplatser page, in response order.</summary>
    protected async Task<List<string>> IdsAsync(string query)
    {
        var json = await GetJsonAsync(Org + "badplatser?" + query);
        return json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }

    protected async Task<List<string>> SortedIdsAsync(string query) => (await IdsAsync(query)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Asserts a 4xx with an OData error body, and returns the message.</summary>
    protected async Task<string> ErrorAsync(string relative, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var json = await GetJsonAsync(relative, expected);
        var error = json.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("code").GetString()));
        var message = error.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    protected static string Escape(string value) => Uri.EscapeDataString(value);
}
