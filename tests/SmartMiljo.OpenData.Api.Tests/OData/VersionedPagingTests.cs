using System.Net;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// Next links name the dataset version they were issued for: paging that spans a publish continues in the
/// version it started in while that version is retained, and is told to start again (410) once it is not.
/// </summary>
public abstract class VersionedPagingTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private static readonly TableSchema Schema = new()
    {
        Fields = [new FieldDefinition { Name = "nr", Type = FieldType.Integer }, new FieldDefinition { Name = "namn", Type = FieldType.String }],
    };

    private const string Slug = "matningar";

    /// <summary>Creates the row table of a version with <paramref name="count"/> rows named after it.</summary>
    private async Task<PublishedDataset> VersionAsync(int version, int count, TableSchema? schema = null)
    {
        schema ??= Schema;
        var rows = Enumerable.Range(1, count).Select(i => schema.Fields.Count == 2
            ? new object?[] { (long)i, $"v{version} rad {i}" }
            : new object?[] { (long)i, $"v{version} rad {i}", "extra" }).ToList();
        var dataset = TestDatasets.Published(TestDatasets.Organisation, Slug, $"t_matningar_v{version}", schema, count, "Mätningar")
            with { VersionNumber = version };
        await TestRowTables.CreateAsync(Fixture.Database, dataset.TableName, schema, rows);
        return dataset;
    }

    private async Task<(List<string> Names, string? Next)> PageAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Prefer", "odata.maxpagesize=10");
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var names = json.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("namn").GetString()!).ToList();
        return (names, json.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null);
    }

    private async Task<JsonElement> GoneAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{url}: {(int)response.StatusCode} {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("VersionGone", error.GetProperty("code").GetString());
        Assert.Contains("Start again from the first page", error.GetProperty("message").GetString());
        return error;
    }

    [Fact]
    public async Task Paging_without_orderby_across_a_publish_reads_on_in_its_version_then_410_once_it_is_gone()
    {
        var v1 = await VersionAsync(1, 25);
        Fixture.Published.Publish(v1);
        var (first, next) = await PageAsync(Org + Slug);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"v1 rad {i}"), first);
        Assert.NotNull(next);

        // A new version replaces the rows (fewer, and different) between page 1 and page 2.
        var v2 = await VersionAsync(2, 18);
        Fixture.Published.Publish(v2);
        var names = new List<string>(first);
        var link = next;
        while (link is not null)
        {
            var page = await PageAsync(link);
            names.AddRange(page.Names);
            link = page.Next;
        }
        // Every row of version 1 exactly once, nothing of version 2.
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"v1 rad {i}"), names);
        // A fresh start sees version 2.
        var (fresh, freshNext) = await PageAsync(Org + Slug);
        Assert.Equal("v2 rad 1", fresh[0]);

        // Version 1 no longer retained: its next link is 410 with a clear message, not rows of version 2.
        Fixture.Published.Discard(v1);
        var error = await GoneAsync(next!);
        Assert.Contains("version 1", error.GetProperty("message").GetString());

        // Version 2 still listed as retained, but its table dropped meanwhile (retention drops first): 410 too.
        var v3 = await VersionAsync(3, 5);
        Fixture.Published.Publish(v3);
        await DropAsync(v2.TableName);
        await GoneAsync(freshNext!);

        // The service still answers.
        Assert.Equal(["v3 rad 1", "v3 rad 2", "v3 rad 3", "v3 rad 4", "v3 rad 5"], (await PageAsync(Org + Slug)).Names);
    }

    [Fact]
    public async Task A_next_link_into_a_version_with_other_columns_is_410()
    {
        var v1 = await VersionAsync(11, 15) with { DatasetSlug = "andra" };
        Fixture.Published.Publish(v1);
        var (_, next) = await PageAsync(Org + "andra");
        var wider = new TableSchema { Fields = [.. Schema.Fields, new FieldDefinition { Name = "extra", Type = FieldType.String }] };
        var v2 = await VersionAsync(12, 15, wider) with { DatasetSlug = "andra" };
        Fixture.Published.Publish(v2);
        await GoneAsync(next!);
    }

    [Fact]
    public async Task A_token_of_a_version_never_published_or_without_a_version_is_refused()
    {
        var v1 = await VersionAsync(21, 12) with { DatasetSlug = "tredje" };
        Fixture.Published.Publish(v1);
        var (_, next) = await PageAsync(Org + "tredje");
        // The same token claiming a later version than the current one: Gone, it was never served here.
        var token = next!.Split("$skiptoken=")[1];
        var json = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        Assert.StartsWith("[21,", json);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("[99," + json[4..]));
        await GoneAsync(Org + "tredje?$skiptoken=" + forged);
        var unversioned = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("[" + json[4..]));
        await ErrorAsync(Org + "tredje?$skiptoken=" + unversioned);
    }

    private Task DropAsync(string table) => TestRowTables.StoreFor(Fixture.Database).DropTableAsync(table);
}

public sealed class SqliteVersionedPagingTests(SqliteServiceFixture fixture) : VersionedPagingTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresVersionedPagingTests(PostgresServiceFixture fixture) : VersionedPagingTests(fixture), IClassFixture<PostgresServiceFixture>;
