using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Api.Specifications;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Runs the endpoints in a minimal WebApplication on 127.0.0.1, plus a few routes that
/// play a publisher's web server (a file, a 404, a server that never answers).</summary>
public sealed class SpecificationEndpointTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ISpecificationRegistry>(TestFiles.Registry);
        OutboundHttp.Register(builder.Services);
        builder.Services.Configure<HarvestOptions>(o => o.AllowLoopback = true); // the network guard lets this test reach itself
        builder.Services.AddSingleton(new ValidateEndpointOptions { UrlTimeout = TimeSpan.FromSeconds(1) });
        _app = builder.Build();
        _app.MapSpecificationEndpoints();
        _app.MapGet("/files/mariestad.csv", () => Results.File(TestFiles.Sample("mariestad_1493_badplatser.csv"), "text/csv"));
        _app.MapGet("/files/to-metadata.csv", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        _app.MapGet("/files/slow.csv", async (CancellationToken ct) => { await Task.Delay(TimeSpan.FromSeconds(30), ct); return Results.Ok(); });
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(_base) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Lists_every_specification_with_its_versions()
    {
        var list = JsonNode.Parse(await _client.GetStringAsync("/api/specifications"))!.AsArray();
        Assert.True(list.Count >= 12);
        var badplatser = list.Single(s => (string?)s!["id"] == "badplatser")!;
        Assert.Equal("1.0", (string?)badplatser["version"]);
        Assert.Equal("official", (string?)badplatser["status"]);
        Assert.Equal(["0.9", "1.0"], badplatser["versions"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task One_specification_gives_latest_and_versions_and_each_version_its_table_schema()
    {
        var one = JsonNode.Parse(await _client.GetStringAsync("/api/specifications/badplatser"))!;
        Assert.Equal("1.0", (string?)one["latest"]!["version"]);
        Assert.Equal(2, one["versions"]!.AsArray().Count);

        var schema = JsonNode.Parse(await _client.GetStringAsync("/api/specifications/badplatser/0.9"))!;
        Assert.Equal("0.9", (string?)schema["version"]);
        Assert.Contains(schema["fields"]!.AsArray(), f => (string?)f!["name"] == "wc");
        Assert.Equal("latitude", (string?)schema["x-geometry"]!["latitude"]);
    }

    [Theory]
    [InlineData("/api/specifications/nope")]
    [InlineData("/api/specifications/badplatser/9.9")]
    public async Task Unknown_specifications_are_404_problems(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("unknown-specification", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    private static MultipartFormDataContent Upload(byte[] content, string spec, string? version = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "upload.csv");
        form.Add(new StringContent(spec), "spec");
        if (version is not null) form.Add(new StringContent(version), "version");
        return form;
    }

    [Fact]
    public async Task Validates_an_uploaded_file_against_the_named_version()
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample("harryda_1401_badplatser_utf8bom.csv"));
        var response = await _client.PostAsync("/api/validate", Upload(bytes, "badplatser", "1.0"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = ValidationReport.FromJson(await response.Content.ReadAsStringAsync());
        Assert.Equal(ValidationVerdict.Blocked, report.Verdict);
        Assert.Equal("1.0", report.SpecificationVersion);
        Assert.Equal(9, report.Errors.Count(e => e.Column == "place_id" && e.Code == "constraint-error"));
    }

    [Fact]
    public async Task Validates_a_file_at_a_url()
    {
        var response = await _client.PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(_base + "/files/mariestad.csv")}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = ValidationReport.FromJson(await response.Content.ReadAsStringAsync());
        Assert.Equal(ValidationVerdict.PublishableWithWarnings, report.Verdict);
        Assert.Equal(1, report.RowsValid);
    }

    [Fact]
    public async Task A_url_that_times_out_is_a_422_problem_with_a_clear_message()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["spec"] = "badplatser", ["url"] = _base + "/files/slow.csv" });
        var response = await _client.PostAsync("/api/validate", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("did not answer within 1 seconds", (string?)problem["title"]);
        Assert.Equal("source-error", (string?)problem["code"]);
    }

    [Theory]
    [InlineData("/files/missing.csv", "404")]
    [InlineData("ftp://example.org/x.csv", "not a web address")]
    public async Task Bad_urls_are_422_problems(string url, string expected)
    {
        var target = url.StartsWith('/') ? _base + url : url;
        var response = await _client.PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(target)}", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(expected, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
    }

    [Theory]
    [InlineData(new byte[0], "empty-file")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0 }, "format-error")]
    public async Task Unreadable_uploads_are_422_problems(byte[] content, string code)
    {
        var response = await _client.PostAsync("/api/validate", Upload(content, "badplatser"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, (string?)problem["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["message"]));
    }

    [Fact]
    public async Task An_unknown_spec_is_404_and_a_missing_spec_or_file_is_400()
    {
        var unknown = await _client.PostAsync("/api/validate", Upload(Encoding.UTF8.GetBytes("a\n1\n"), "nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var noSpec = await _client.PostAsync("/api/validate?url=https://example.org/x.csv", null);
        Assert.Equal(HttpStatusCode.BadRequest, noSpec.StatusCode);
        var noFile = await _client.PostAsync("/api/validate?spec=badplatser", null);
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal("application/problem+json", noFile.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/files/to-metadata.csv", "cloud metadata")]
    [InlineData("http://[fe80::1]/x.csv", "link-local")]
    public async Task Addresses_the_network_guard_refuses_are_400_problems_even_after_a_redirect(string url, string reason)
    {
        var target = url.StartsWith('/') ? _base + url : url;
        var response = await _client.PostAsync($"/api/validate?spec=badplatser&url={Uri.EscapeDataString(target)}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("address-refused", (string?)problem["code"]);
        Assert.Contains(reason, (string?)problem["title"]);
    }
}
