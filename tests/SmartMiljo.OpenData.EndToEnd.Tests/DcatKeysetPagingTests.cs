using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.EndToEnd.Tests.Hostile;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>
/// Issue 14: /datasets/dcat is paged by key, so datasets added while a harvester walks the pages neither
/// repeat a record on the next page nor push one past it; every serialisation's links lead through all pages.
/// </summary>
public abstract class DcatKeysetPagingTestsBase<TPlatform>(TPlatform shared) : IClassFixture<TPlatform> where TPlatform : HostilePlatform
{
    private readonly PlatformFactory _platform = shared.Platform;

    [Fact]
    public async Task Datasets_added_between_two_pages_neither_repeat_nor_hide_a_record()
    {
        var admin = _platform.CreateAdminClient();
        await CreateOrganisationAsync(admin, "nyckel-a", "2120000035");
        await CreateOrganisationAsync(admin, "nyckel-b", "2120000050");
        await AddRecordsAsync("nyckel-a", "b", "d");
        await AddRecordsAsync("nyckel-b", "b", "d");
        var options = _platform.Services.GetRequiredService<IOptions<DcatOptions>>().Value;
        var pageSize = options.PageSize;
        options.PageSize = 3;
        try
        {
            var client = _platform.CreateClient();
            var seen = await WalkAsync(client, "/datasets/dcat.ttl", RdfSerialization.Turtle, afterFirstPage: async () =>
            {
                // One behind the page boundary (nyckel-b/b) and one ahead of it: an offset would repeat nyckel-b/b.
                await AddRecordsAsync("nyckel-a", "c");
                await AddRecordsAsync("nyckel-b", "c");
            });
            var ours = seen.Where(iri => iri.Contains("/nyckel-", StringComparison.Ordinal)).ToList();
            Assert.Equal(ours.Distinct().Count(), ours.Count); // nothing twice
            foreach (var key in new[] { "nyckel-a/b", "nyckel-a/d", "nyckel-b/b", "nyckel-b/d", "nyckel-b/c" })
                Assert.Contains("http://data.example.test/datasets/" + key, ours); // nothing that was there missed; the one added ahead found
            Assert.DoesNotContain("http://data.example.test/datasets/nyckel-a/c", ours); // added behind the walk: the next walk finds it

            // Every serialisation walks the whole catalogue by its own links, each dataset once; so does one organisation's feed.
            foreach (var (extension, format) in new[] { ("rdf", RdfSerialization.RdfXml), ("ttl", RdfSerialization.Turtle), ("nt", RdfSerialization.NTriples), ("jsonld", RdfSerialization.JsonLd) })
            {
                var all = (await WalkAsync(client, $"/datasets/dcat.{extension}", format)).Where(iri => iri.Contains("/nyckel-", StringComparison.Ordinal)).ToList();
                Assert.Equal(6, all.Count);
                Assert.Equal(6, all.Distinct().Count());
                var one = await WalkAsync(client, $"/datasets/dcat/nyckel-b.{extension}", format);
                Assert.Equal(["http://data.example.test/datasets/nyckel-b/b", "http://data.example.test/datasets/nyckel-b/c", "http://data.example.test/datasets/nyckel-b/d"],
                    one.Order(StringComparer.Ordinal).ToList());
            }
        }
        finally
        {
            options.PageSize = pageSize;
        }
    }

    /// <summary>Follows hydra:next from <paramref name="path"/> to the last page; the dataset IRIs of every page in order.</summary>
    private static async Task<List<string>> WalkAsync(HttpClient client, string path, RdfSerialization format, Func<Task>? afterFirstPage = null)
    {
        var datasets = new List<string>();
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 20, "the pages never end");
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var graph = RdfParser.Load(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), format);
            datasets.AddRange(graph.InstancesOf(Vocab.Dcat.Dataset).OfType<Iri>().Select(i => i.Value));
            var view = graph.InstancesOf(Vocab.Hydra.PartialCollectionView).SingleOrDefault();
            path = view is not null && graph.Object(view, Vocab.Hydra.Next) is Iri next ? new Uri(next.Value).PathAndQuery : null!;
            if (path is not null) Assert.StartsWith("/datasets/dcat", path);
            if (pages == 0 && afterFirstPage is not null) await afterFirstPage();
        }
        return datasets;
    }

    private async Task AddRecordsAsync(string organisation, params string[] slugs)
    {
        using var scope = _platform.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var organisationId = await db.Organisations.Where(o => o.Slug == organisation).Select(o => o.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var slug in slugs)
        {
            var dataset = Dataset.Create(organisationId, slug, new DatasetDescription
            {
                Title = $"Post {slug}", Description = $"Katalogpost {slug} hos {organisation}.", Themes = ["ENVI"],
            }, now);
            dataset.KeepSourceRecord([new SourceDistribution { AccessUrl = $"https://data.{organisation}.example.se/{slug}", Format = "text/csv" }], now, now, republished: true);
            dataset.PublishRecordOnly(now);
            db.Datasets.Add(dataset);
        }
        await db.SaveChangesAsync();
    }

    private static async Task CreateOrganisationAsync(HttpClient admin, string slug, string number)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug, name = $"Kommun {slug}", organisationNumber = number, contactEmail = $"info@{slug}.example.se",
            homepage = $"https://www.{slug}.example.se/",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }
}

public sealed class DcatKeysetPagingTests(SqliteHostilePlatform platform) : DcatKeysetPagingTestsBase<SqliteHostilePlatform>(platform);

/// <summary>The same walk with the catalogue in PostgreSQL, whose text order the keys follow.</summary>
public sealed class PostgresDcatKeysetPagingTests(PostgresHostilePlatform platform) : DcatKeysetPagingTestsBase<PostgresHostilePlatform>(platform);
