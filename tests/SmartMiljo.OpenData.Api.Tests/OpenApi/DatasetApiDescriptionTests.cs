using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SmartMiljo.OpenData.Api.Tests.OData;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Api.Tests.OpenApi;

/// <summary>
/// The generated OpenAPI 3.1 descriptions: per dataset, per organisation and for all datasets, with each column's
/// type, description, original header and an example from the data, the OData and OGC API parameters that work,
/// served with CORS; and every one of them accepted by an independent validator (npm @apidevtools/swagger-parser).
/// </summary>
public abstract class DatasetApiDescriptionTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private static readonly string[] Descriptions =
    [
        "openapi/datasets/exempelkommun/badplatser.json",
        "openapi/datasets/exempelkommun/intressanta-platser.json",
        "openapi/datasets/exempelkommun.json",
        "openapi/datasets/grannkommun.json",
        "openapi/datasets.json",
    ];

    [Fact]
    public async Task A_dataset_description_has_every_column_with_type_description_header_and_example()
    {
        var api = await GetJsonAsync("openapi/datasets/exempelkommun/badplatser.json");
        Assert.Equal("3.1.0", api.GetProperty("openapi").GetString());
        Assert.Equal(Fixture.BaseAddress.ToString().TrimEnd('/'), api.GetProperty("servers")[0].GetProperty("url").GetString());
        var paths = api.GetProperty("paths");
        var query = paths.GetProperty("/odata/exempelkommun/badplatser").GetProperty("get");
        var parameters = query.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["$filter", "$select", "$orderby", "$top", "$skip", "$count", "$search", "$skiptoken", "$apply", "$format", "Prefer"], parameters);
        // Each described query option works as described.
        var samples = new Dictionary<string, string>
        {
            ["$filter"] = "djup gt 2", ["$select"] = "namn", ["$orderby"] = "namn desc", ["$top"] = "2", ["$skip"] = "1",
            ["$count"] = "true", ["$search"] = "sjön", ["$apply"] = "groupby((kommun),aggregate($count as antal))",
            ["$format"] = "json;odata.metadata=none",
        };
        foreach (var (name, value) in samples)
            await GetJsonAsync($"odata/exempelkommun/badplatser?{name}={Uri.EscapeDataString(value)}");
        var groups = await GetJsonAsync("odata/exempelkommun/badplatser?$apply=" + Uri.EscapeDataString(samples["$apply"]));
        Assert.True(groups.GetProperty("value")[0].TryGetProperty("antal", out _));
        Assert.True(paths.TryGetProperty("/odata/exempelkommun/badplatser/$count", out _));

        var features = paths.GetProperty("/ogc/collections/exempelkommun_badplatser/items").GetProperty("get");
        var featureParameters = features.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("bbox", featureParameters);
        Assert.Contains("limit", featureParameters);
        Assert.Contains("kommun", featureParameters); // a queryable
        Assert.DoesNotContain("location", featureParameters);
        Assert.True(paths.TryGetProperty("/ogc/collections/exempelkommun_badplatser/items/{featureId}", out _));

        var columns = api.GetProperty("components").GetProperty("schemas").GetProperty("badplatser").GetProperty("properties");
        var namn = columns.GetProperty("namn");
        Assert.Equal("string", namn.GetProperty("type").GetString());
        Assert.Equal("Badplatsens namn / Name", namn.GetProperty("description").GetString());
        Assert.Equal("Ålsjön", namn.GetProperty("examples")[0].GetString());
        // The OData identifier is the property; the source's own header is kept as its title.
        var öppen = columns.GetProperty("oppen");
        Assert.Equal("öppen", öppen.GetProperty("title").GetString());
        Assert.Equal(["boolean", "null"], öppen.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.True(öppen.GetProperty("examples")[0].GetBoolean());
        Assert.Equal("date", columns.GetProperty("datum").GetProperty("format").GetString());
        Assert.Equal(18.5, columns.GetProperty("temperatur").GetProperty("examples")[0].GetDouble());
        Assert.Equal(3, columns.GetProperty("djup").GetProperty("examples")[0].GetInt64());
        Assert.True(columns.TryGetProperty("location", out var location) && location.TryGetProperty("oneOf", out _));

        // The organisation's and the regional descriptions use their service roots' entity set names.
        var organisation = await GetJsonAsync("openapi/datasets/exempelkommun.json");
        Assert.True(organisation.GetProperty("paths").TryGetProperty("/odata/exempelkommun/intressanta_platser", out _));
        Assert.False(organisation.GetProperty("paths").TryGetProperty("/odata/grannkommun/badplatser", out _));
        var all = await GetJsonAsync("openapi/datasets.json");
        Assert.True(all.GetProperty("paths").TryGetProperty("/odata/grannkommun_badplatser", out _));
        Assert.True(all.GetProperty("paths").TryGetProperty("/ogc/collections/grannkommun_badplatser/items", out _));

        using var missing = await Client.GetAsync("openapi/datasets/exempelkommun/finns-inte.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_descriptions_are_served_to_other_origins()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Descriptions[0]);
        request.Headers.Add("Origin", "https://www.dataportal.se");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task An_independent_validator_accepts_every_generated_description()
    {
        using var folder = new TemporaryDirectory();
        var files = new List<string>();
        foreach (var (relative, i) in Descriptions.Select((d, i) => (d, i)))
        {
            var file = Path.Combine(folder.Path, $"description-{i}.json");
            await File.WriteAllTextAsync(file, await Client.GetStringAsync(relative));
            files.Add(file);
        }
        var (exit, output) = await OpenApiValidator.RunAsync(files);
        Assert.True(exit == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));

        // The validator does refuse a broken description (so the test can fail).
        var broken = Path.Combine(folder.Path, "broken.json");
        var text = await File.ReadAllTextAsync(files[0]);
        await File.WriteAllTextAsync(broken, text.Replace("\"3.1.0\"", "\"3.1.0\", \"paths\": 5, \"x\": ") );
        Assert.NotEqual(0, (await OpenApiValidator.RunAsync([broken])).Exit);
    }
}

/// <summary>Runs tests/tools/validate-openapi.mjs (npm @apidevtools/swagger-parser, installed by test.sh or here on first use).</summary>
internal static class OpenApiValidator
{
    private static string Tools => Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "tools");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<(int Exit, string Output)> RunAsync(IEnumerable<string> files)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(Tools, "node_modules", "@apidevtools", "swagger-parser")))
            {
                var (installed, log) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund"]);
                if (installed != 0) throw new InvalidOperationException("npm ci in tests/tools failed: " + log);
            }
        }
        finally { InstallLock.Release(); }
        return await ExecAsync("node", ["validate-openapi.mjs", .. files]);
    }

    private static async Task<(int Exit, string Output)> ExecAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Tools, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}

public sealed class SqliteDatasetApiDescriptionTests(SqliteServiceFixture fixture) : DatasetApiDescriptionTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresDatasetApiDescriptionTests(PostgresServiceFixture fixture) : DatasetApiDescriptionTests(fixture), IClassFixture<PostgresServiceFixture>;
