using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// Issue 19's proof for version diffs, on both stores: three harvests with known edits give exactly the rows added,
/// removed and changed and the schema changes, kept with each version and shown in the run report, on the dataset page
/// and as <c>/download/{org}/{dataset}/changes/v{n}.{csv|json}</c>.
/// </summary>
public class VersionDiffHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;

    public VersionDiffHarvestTests() : this(StoreProvider.Sqlite) { }

    protected VersionDiffHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private const string PlaygroundHeader = "source,id,name,latitude,longitude,email,visit_url,wikidata,updated,description,age_group,equipment,fenced,accessible,toilet,theme\n";

    private sealed record Playground(int Number, string Name, bool Fenced)
    {
        public string Line => FormattableString.Invariant(
            $"1,L{Number:D3},{Name},{57 + Number * 0.001:0.000},{16.3 + Number * 0.001:0.000},lek@kommun.se,,,2026-06-01,,,,{(Fenced ? "true" : "false")},,,\n");
    }

    private static byte[] File(IEnumerable<Playground> rows) => Encoding.UTF8.GetBytes(PlaygroundHeader + string.Concat(rows.Select(r => r.Line)));

    private async Task<JsonElement> HarvestAsync(HttpClient admin, Guid source, string path, byte[] content)
    {
        _server.MapFile(path, content, "text/csv");
        var run = await HarvestPlatform.HarvestAsync(admin, source);
        Assert.True(run.GetProperty("status").GetString() is "Succeeded" or "SucceededWithWarnings", run.GetRawText());
        return run;
    }

    /// <summary>The changes of a version as the JSON download gives them: id (or name) → (kind, changed columns).</summary>
    private async Task<Dictionary<string, (string Kind, string? Columns)>> ChangesAsync(string org, string dataset, int version, string keyColumn)
    {
        var json = await _platform.CreateClient().GetFromJsonAsync<JsonElement>($"/download/{org}/{dataset}/changes/v{version}.json");
        return json.EnumerateArray().ToDictionary(
            c => c.GetProperty(keyColumn).GetString()! + (c.GetProperty("change").GetString() == "removed" ? " (removed)" : ""),
            c => (c.GetProperty("change").GetString()!, c.GetProperty("changed_columns").ValueKind == JsonValueKind.Null ? null : c.GetProperty("changed_columns").GetString()));
    }

    [Fact]
    public async Task Three_harvests_by_the_specifications_key_give_exactly_the_rows_added_removed_and_changed()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "diffkommun", "2120000787");
        var source = await HarvestPlatform.CreateSourceAsync(admin, "diffkommun", new
        {
            name = "Lekplatser", datasetSlug = "lek", kind = "Csv", location = _server.Url("/diffkommun/lek.csv").ToString(), specificationId = "lekplatser",
        });
        var v1 = Enumerable.Range(1, 10).Select(i => new Playground(i, $"Lekplats {i}", false)).ToList();
        var first = await HarvestAsync(admin, source, "/diffkommun/lek.csv", File(v1));
        Assert.DoesNotContain("Ändringar", first.GetProperty("summarySv").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _platform.CreateClient().GetAsync("/download/diffkommun/lek/changes/v1.csv")).StatusCode);

        // Version 2: L007 removed, L011 and L012 added, L003 renamed, L005 fenced.
        var v2 = v1.Where(p => p.Number != 7).Select(p => p.Number switch
        {
            3 => p with { Name = "Lekplats 3 vid ån" },
            5 => p with { Fenced = true },
            _ => p,
        }).Concat([new Playground(11, "Lekplats 11", false), new Playground(12, "Lekplats 12", true)]).ToList();
        var second = await HarvestAsync(admin, source, "/diffkommun/lek.csv", File(v2));
        Assert.Contains("Ändringar: 2 tillagda, 2 ändrade, 1 borttagen sedan", second.GetProperty("summarySv").GetString());
        Assert.Contains("Changes: 2 added, 2 changed, 1 removed since", second.GetProperty("summaryEn").GetString());
        Assert.Contains(second.GetProperty("stages").EnumerateArray(), s => s.GetProperty("stage").GetString() == "Diff" && s.GetProperty("outcome").GetString() == "Succeeded");
        Assert.Equal(new Dictionary<string, (string, string?)>
        {
            ["L011"] = ("added", null), ["L012"] = ("added", null), ["L007 (removed)"] = ("removed", null),
            ["L003"] = ("changed", "name"), ["L005"] = ("changed", "fenced"),
        }, await ChangesAsync("diffkommun", "lek", 2, "id"));

        // The CSV: the change columns first, then the dataset's columns as every format names them; one line per change.
        var csv = await _platform.CreateClient().GetStringAsync("/download/diffkommun/lek/changes/v2.csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("change,changed_columns,row_number,source,id,name,", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("changed,name,3,1,L003,Lekplats 3 vid ån,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("removed,,7,1,L007,Lekplats 7,", StringComparison.Ordinal));

        // Version 3: L001 and L002 removed, L013 added, L004 renamed.
        var v3 = v2.Where(p => p.Number > 2).Select(p => p.Number == 4 ? p with { Name = "Lekplats 4 vid skolan" } : p)
            .Append(new Playground(13, "Lekplats 13", false)).ToList();
        var third = await HarvestAsync(admin, source, "/diffkommun/lek.csv", File(v3));
        Assert.Contains("Changes: 1 added, 1 changed, 2 removed since", third.GetProperty("summaryEn").GetString());
        Assert.Equal(new Dictionary<string, (string, string?)>
        {
            ["L013"] = ("added", null), ["L001 (removed)"] = ("removed", null), ["L002 (removed)"] = ("removed", null), ["L004"] = ("changed", "name"),
        }, await ChangesAsync("diffkommun", "lek", 3, "id"));
        // The earlier version's changes stay available while the version is retained.
        Assert.Equal(5, (await ChangesAsync("diffkommun", "lek", 2, "id")).Count);

        var page = WebUtility.HtmlDecode(await _platform.CreateClient().GetStringAsync("/datasets/diffkommun/lek"));
        Assert.Contains("1 tillagd, 1 ändrad, 2 borttagna sedan", page);
        Assert.Contains("/download/diffkommun/lek/changes/v3.csv", page);
        Assert.Contains("2 tillagda, 2 ändrade, 1 borttagen sedan", page); // version 2's row of the history
    }

    [Fact]
    public async Task Without_a_key_rows_are_compared_by_content_and_the_schema_changes_are_reported()
    {
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "tradkommun", "2120000787");
        var source = await HarvestPlatform.CreateSourceAsync(admin, "tradkommun", new
        {
            name = "Träd", datasetSlug = "trad", kind = "Csv", location = _server.Url("/tradkommun/trad.csv").ToString(),
        });
        // The first column repeats, so the inferred schema has no key: rows are matched by their whole content.
        await HarvestAsync(admin, source, "/tradkommun/trad.csv", Encoding.UTF8.GetBytes("typ,namn,antal,zon\nträd,Ek,5,A\nträd,Björk,3,B\nträd,Lönn,7,C\n"));

        // An edited row is one removed and one added; Tall is new.
        var second = await HarvestAsync(admin, source, "/tradkommun/trad.csv", Encoding.UTF8.GetBytes("typ,namn,antal,zon\nträd,Ek,5,A\nträd,Björk,4,B\nträd,Lönn,7,C\nträd,Tall,1,D\n"));
        Assert.Contains("Changes: 2 added, 0 changed, 1 removed since", second.GetProperty("summaryEn").GetString());
        var json = await _platform.CreateClient().GetFromJsonAsync<JsonElement>("/download/tradkommun/trad/changes/v2.json");
        Assert.Equal(new[] { ("added", "Björk", 4L), ("added", "Tall", 1L), ("removed", "Björk", 3L) },
            json.EnumerateArray().Select(c => (c.GetProperty("change").GetString(), c.GetProperty("namn").GetString(), c.GetProperty("antal").GetInt64())));

        // Version 3: zon removed, farg added, antal now text: only the unchanged columns (typ, namn) are compared.
        var third = await HarvestAsync(admin, source, "/tradkommun/trad.csv", Encoding.UTF8.GetBytes("typ,namn,antal,farg\nträd,Ek,5,grön\nträd,Björk,många,gul\nträd,Gran,2,grön\n"));
        Assert.Contains("Changes: 1 added, 0 changed, 2 removed since", third.GetProperty("summaryEn").GetString());
        Assert.Contains("columns: antal retyped (integer → string), farg added, zon removed", third.GetProperty("summaryEn").GetString());
        Assert.Contains("kolumner: antal ny typ (integer → string), farg tillagd, zon borttagen", third.GetProperty("summarySv").GetString());
        json = await _platform.CreateClient().GetFromJsonAsync<JsonElement>("/download/tradkommun/trad/changes/v3.json");
        Assert.Equal(new[] { ("added", "Gran"), ("removed", "Lönn"), ("removed", "Tall") },
            json.EnumerateArray().Select(c => (c.GetProperty("change").GetString(), c.GetProperty("namn").GetString())));
    }
}

public sealed class PostgresVersionDiffHarvestTests() : VersionDiffHarvestTests(StoreProvider.Postgres);
