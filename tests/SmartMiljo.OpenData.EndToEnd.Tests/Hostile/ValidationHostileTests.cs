using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// Issue #13's data-loss reproductions, replayed through the running server (harvest from a local
/// web server): a personnummer inside free text, a UTF-8 file with one stray byte. Each asserts
/// what the run says, that the value never appears in anything the server answers, that the
/// process still serves, and that the last good version is still served byte for byte.
/// </summary>
public class ValidationHostileTests : IAsyncLifetime
{
    private readonly PlatformFactory _platform;
    private LocalHttpServer _municipality = null!;
    private byte[] _good = null!;

    public ValidationHostileTests() : this(PlatformStore.Sqlite) { }

    protected ValidationHostileTests(PlatformStore store) => _platform = new PlatformFactory(store: store);

    public async Task InitializeAsync()
    {
        _municipality = await LocalHttpServer.StartAsync();
        _good = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        _municipality.MapFile("/bad.csv", _good, "text/csv; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await _municipality.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private async Task<Guid> RegisterAsync(HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = "exempel", name = "Exempelkommun", organisationNumber = "2120001637", municipalityCode = "1493", contactEmail = "info@exempel.se",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await admin.PostAsJsonAsync("/api/admin/organisations/exempel/sources", new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser",
            location = _municipality.Url("/bad.csv").ToString(), schedule = "0 4 * * *",
        });
        Assert.Equal(HttpStatusCode.Created, source.StatusCode);
        return (await source.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> HarvestAsync(HttpClient admin, Guid sourceId)
    {
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/sources/{sourceId}/harvest", null)).StatusCode);
        return await PlatformFactory.WaitForNewRunAsync(admin, sourceId, known);
    }

    private const string Rows = "/odata/exempel/badplatser?$orderby=place_id";

    /// <summary>Everything the server says about the source and its dataset, for "never echoed" checks.</summary>
    private static async Task<string> EverythingSaidAsync(HttpClient admin, HttpClient anonymous, Guid sourceId)
    {
        var said = new StringBuilder();
        said.Append(await admin.GetStringAsync($"/api/admin/sources/{sourceId}/runs"));
        var runs = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs");
        foreach (var run in runs.EnumerateArray())
            said.Append(await admin.GetStringAsync($"/api/admin/runs/{run.GetProperty("id").GetGuid()}"));
        said.Append(await admin.GetStringAsync($"/api/admin/sources/{sourceId}/items"));
        said.Append(await anonymous.GetStringAsync(Rows));
        return said.ToString();
    }

    [Fact]
    public async Task A_personnummer_inside_free_text_blocks_the_run_is_never_echoed_and_the_last_good_version_stays()
    {
        var admin = _platform.CreateAdminClient();
        var anonymous = _platform.CreateClient();
        var sourceId = await RegisterAsync(admin);
        Assert.Equal("Succeeded", (await HarvestAsync(admin, sourceId)).GetProperty("status").GetString());
        var before = await anonymous.GetByteArrayAsync(Rows);

        var text = Encoding.UTF8.GetString(_good).Replace("Populär bland barnfamiljer.", "Kontakt 19121212-1212 ring");
        Assert.Contains("19121212-1212", text);
        _municipality.MapFile("/bad.csv", Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8");
        var run = await HarvestAsync(admin, sourceId);

        Assert.NotEqual("Succeeded", run.GetProperty("status").GetString());
        Assert.Equal(before, await anonymous.GetByteArrayAsync(Rows));
        var said = await EverythingSaidAsync(admin, anonymous, sourceId);
        Assert.DoesNotContain("1212-1212", said);
        Assert.DoesNotContain("121212-1212", said);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/odata/exempel/$metadata")).StatusCode);
    }

    [Fact]
    public async Task One_stray_byte_in_a_utf8_file_keeps_every_other_row_intact_and_is_reported()
    {
        var admin = _platform.CreateAdminClient();
        var anonymous = _platform.CreateClient();
        var sourceId = await RegisterAsync(admin);
        var text = Encoding.UTF8.GetString(_good);
        var at = text.IndexOf("Klippor och", StringComparison.Ordinal);
        byte[] mixed = [.. Encoding.UTF8.GetBytes(text[..at]), 0xFF, .. Encoding.UTF8.GetBytes(text[at..])];
        _municipality.MapFile("/bad.csv", mixed, "text/csv; charset=utf-8");

        var run = await HarvestAsync(admin, sourceId);
        Assert.Equal("SucceededWithWarnings", run.GetProperty("status").GetString());
        Assert.Equal(11, run.GetProperty("rowsAccepted").GetInt64());
        var detail = await admin.GetStringAsync($"/api/admin/runs/{run.GetProperty("id").GetGuid()}");
        Assert.Contains("mixed-encoding", detail);

        // The eleven published rows keep their å, ä and ö: no Windows-1252 mojibake.
        var rows = await anonymous.GetStringAsync(Rows + "&$select=place_id,name");
        Assert.Contains("Sjöuddens", await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv")));
        Assert.DoesNotContain("Sjöuddens", rows); // the row with the stray byte is held back ...
        Assert.Contains("Norrvikens badplats", rows);
        Assert.DoesNotContain("Ã", rows);      // ... and no other row is re-encoded
        Assert.DoesNotContain("\uFFFD", rows);
    }
}

public sealed class PostgresValidationHostileTests() : ValidationHostileTests(PlatformStore.Postgres);
