using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Api;

/// <summary>The DCAT endpoints on a minimal host bound to 127.0.0.1, with the demo catalogue as source.</summary>
public sealed class DcatEndpointsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _base = null!;
    private DcatOptions Options => _app.Services.GetRequiredService<IOptions<DcatOptions>>().Value;

    private sealed class DemoSource : IDcatCatalogueSource
    {
        public static readonly DateTimeOffset Changed = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);

        public Task<DcatInstance> GetInstanceAsync(CancellationToken cancellationToken) => Task.FromResult(DemoCatalogue.Instance);

        public Task<DcatCatalogueVersion> GetVersionAsync(string? organisationSlug, CancellationToken cancellationToken)
        {
            var organisations = DemoCatalogue.Organisations().Where(o => organisationSlug is null || o.Organisation.Slug == organisationSlug).ToList();
            long count = organisations.Sum(o => Datasets(o.Organisation.Slug).Count);
            return Task.FromResult(new DcatCatalogueVersion("v42" + organisationSlug, Changed, count, organisations.Count > 0));
        }

        public async IAsyncEnumerable<DcatOrganisationCatalogue> GetOrganisationsAsync(string? organisationSlug, DcatKeyRange range,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var o in DemoCatalogue.Organisations().Where(o => organisationSlug is null || o.Organisation.Slug == organisationSlug))
            {
                var all = Datasets(o.Organisation.Slug);
                var slice = all.Where(d => InRange(new DcatDatasetKey(o.Organisation.Slug, d.Slug), range)).ToList();
                if (slice.Count > 0 || organisationSlug is not null) yield return new(o.Organisation, DemoCatalogue.Async(slice));
                await Task.Yield();
            }
        }

        public Task<DcatPageEnd> FindPageEndAsync(string? organisationSlug, DcatDatasetKey? after, int size, CancellationToken cancellationToken)
        {
            var keys = DemoCatalogue.Organisations().Where(o => organisationSlug is null || o.Organisation.Slug == organisationSlug)
                .SelectMany(o => Datasets(o.Organisation.Slug).Select(d => new DcatDatasetKey(o.Organisation.Slug, d.Slug)))
                .Where(k => InRange(k, new DcatKeyRange(after, null))).OrderBy(k => k.Organisation, StringComparer.Ordinal).ThenBy(k => k.Dataset, StringComparer.Ordinal)
                .Skip(size - 1).Take(2).ToList();
            return Task.FromResult(keys.Count == 0 ? new DcatPageEnd(null, false) : new DcatPageEnd(keys[0], keys.Count == 2));
        }

        private static bool InRange(DcatDatasetKey key, DcatKeyRange range) =>
            (range.After is null || Compare(key, range.After) > 0) && (range.Through is null || Compare(key, range.Through) <= 0);

        private static int Compare(DcatDatasetKey a, DcatDatasetKey b) =>
            string.CompareOrdinal(a.Organisation, b.Organisation) is var c and not 0 ? c : string.CompareOrdinal(a.Dataset, b.Dataset);

        private static List<DcatDataset> Datasets(string org) => org switch
        {
            "harryda" => [DemoCatalogue.Badplatser("harryda")],
            "mariestad" => [DemoCatalogue.Badplatser("mariestad"), DemoCatalogue.Luftkvalitet("mariestad")],
            _ => [],
        };
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDcat(o =>
        {
            o.EuShapesDirectory = SharedFiles.Path("reference", "dcat-ap-shacl");
            o.SwedishShapesDirectory = Path.Combine(SharedFiles.RepositoryRoot, "specs", "dcat-ap-se");
        });
        builder.Services.Configure<HarvestOptions>(o => o.AllowLoopback = true); // the network guard lets this test reach itself
        builder.Services.AddSingleton<IDcatCatalogueSource, DemoSource>();
        _app = builder.Build();
        _app.MapDcatCatalogue();
        _app.MapDcatValidation();
        _app.MapDcatAdmin();
        await _app.StartAsync();
        _base = _app.Urls.First();
        _http = new HttpClient { BaseAddress = new Uri(_base) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? accept = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        configure?.Invoke(request);
        return await _http.SendAsync(request);
    }

    private static async Task<RdfGraph> ParseAsync(HttpResponseMessage response, RdfSerialization format)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(format.MediaType(), response.Content.Headers.ContentType!.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        return RdfParser.Load(body, format);
    }

    [Fact]
    public async Task Catalogue_is_RdfXml_by_default_and_negotiated_by_Accept_and_extension()
    {
        var xml = await ParseAsync(await GetAsync("/datasets/dcat"), RdfSerialization.RdfXml);
        Assert.Equal(3, xml.InstancesOf(Vocab.Dcat.Dataset).Count());

        var turtle = await ParseAsync(await GetAsync("/datasets/dcat", "text/turtle"), RdfSerialization.Turtle);
        var jsonLd = await ParseAsync(await GetAsync("/datasets/dcat.jsonld"), RdfSerialization.JsonLd);
        var nt = await ParseAsync(await GetAsync("/datasets/dcat", "application/n-triples;q=0.9, text/html;q=0.1"), RdfSerialization.NTriples);
        GraphAssert.Isomorphic(xml, turtle);
        GraphAssert.Isomorphic(xml, jsonLd);
        GraphAssert.Isomorphic(xml, nt);

        var refused = await GetAsync("/datasets/dcat", "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/datasets/dcat.csv")).StatusCode);
    }

    [Fact]
    public async Task Organisation_catalogue_has_its_own_URL()
    {
        var graph = await ParseAsync(await GetAsync("/datasets/dcat/mariestad.ttl"), RdfSerialization.Turtle);
        var catalogue = Assert.Single(graph.InstancesOf(Vocab.Dcat.Catalog));
        Assert.Equal("https://data.exempel.se/datasets/dcat/mariestad", ((Iri)catalogue).Value);
        Assert.Equal(2, graph.Objects(catalogue, Vocab.Dcat.DatasetProperty).Count());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/datasets/dcat/okand")).StatusCode);
    }

    /// <summary>An organisation without published datasets answers a valid empty document rather than a
    /// dcat:Catalog without dcat:dataset (which DCAT-AP-SE's shapes reject).</summary>
    [Fact]
    public async Task An_empty_organisation_catalogue_is_valid()
    {
        foreach (var format in new[] { RdfSerialization.Turtle, RdfSerialization.RdfXml, RdfSerialization.JsonLd })
        {
            var graph = await ParseAsync(await GetAsync("/datasets/dcat/tom", format.MediaType()), format);
            Assert.Empty(graph.InstancesOf(Vocab.Dcat.Catalog));
            Assert.True(Shapes.All.Validate(graph).Conforms);
        }
    }

    [Fact]
    public async Task Conditional_get_is_answered_304()
    {
        var first = await GetAsync("/datasets/dcat");
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal("Accept", first.Headers.Vary.Single());
        Assert.Equal(DemoSource.Changed, first.Content.Headers.LastModified);

        var byTag = await GetAsync("/datasets/dcat", configure: r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag)));
        Assert.Equal(HttpStatusCode.NotModified, byTag.StatusCode);
        Assert.Empty(await byTag.Content.ReadAsByteArrayAsync());

        var byDate = await GetAsync("/datasets/dcat", configure: r => r.Headers.IfModifiedSince = DemoSource.Changed);
        Assert.Equal(HttpStatusCode.NotModified, byDate.StatusCode);
        var older = await GetAsync("/datasets/dcat", configure: r => r.Headers.IfModifiedSince = DemoSource.Changed.AddDays(-1));
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);

        // Another serialisation is another representation: its ETag differs, so the old tag does not match.
        var turtle = await GetAsync("/datasets/dcat", "text/turtle", r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag)));
        Assert.Equal(HttpStatusCode.OK, turtle.StatusCode);
        Assert.NotEqual(etag, turtle.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Large_catalogues_are_paged_by_key_with_Hydra()
    {
        Options.PageSize = 2;
        var page1 = await ParseAsync(await GetAsync("/datasets/dcat.ttl"), RdfSerialization.Turtle);
        Assert.Equal(2, page1.InstancesOf(Vocab.Dcat.Dataset).Count());
        var view = Assert.Single(page1.InstancesOf(Vocab.Hydra.PartialCollectionView));
        // The page links keep the syntax the catalogue was asked in, and name the last dataset of the page, not a number.
        Assert.Equal("https://data.exempel.se/datasets/dcat.ttl?after=", ((Iri)view).Value);
        Assert.Equal("https://data.exempel.se/datasets/dcat.ttl?after=", ((Iri)page1.Object(view, Vocab.Hydra.First)!).Value);
        Assert.Equal("https://data.exempel.se/datasets/dcat.ttl?after=mariestad/badplatser", ((Iri)page1.Object(view, Vocab.Hydra.Next)!).Value);
        Assert.Null(page1.Object(view, Vocab.Hydra.Last));
        var jsonLd = await ParseAsync(await GetAsync("/datasets/dcat.jsonld"), RdfSerialization.JsonLd);
        Assert.Equal("https://data.exempel.se/datasets/dcat.jsonld?after=mariestad/badplatser",
            ((Iri)jsonLd.Object(Assert.Single(jsonLd.InstancesOf(Vocab.Hydra.PartialCollectionView)), Vocab.Hydra.Next)!).Value);
        foreach (var (extension, format) in new[] { ("rdf", RdfSerialization.RdfXml), ("nt", RdfSerialization.NTriples) })
        {
            var other = await ParseAsync(await GetAsync($"/datasets/dcat.{extension}"), format);
            Assert.Equal($"https://data.exempel.se/datasets/dcat.{extension}?after=mariestad/badplatser",
                ((Iri)other.Object(Assert.Single(other.InstancesOf(Vocab.Hydra.PartialCollectionView)), Vocab.Hydra.Next)!).Value);
        }
        var negotiated = await ParseAsync(await GetAsync("/datasets/dcat", "text/turtle"), RdfSerialization.Turtle);
        Assert.Equal("https://data.exempel.se/datasets/dcat?after=mariestad/badplatser",
            ((Iri)negotiated.Object(Assert.Single(negotiated.InstancesOf(Vocab.Hydra.PartialCollectionView)), Vocab.Hydra.Next)!).Value);
        Assert.Equal("3", ((Literal)page1.Object(view, Vocab.Hydra.TotalItems)!).Lexical);

        var page2 = await ParseAsync(await GetAsync("/datasets/dcat.ttl?after=mariestad/badplatser"), RdfSerialization.Turtle);
        var last = Assert.Single(page2.InstancesOf(Vocab.Dcat.Dataset));
        Assert.EndsWith("mariestad/luftkvalitet", ((Iri)last).Value);
        var view2 = Assert.Single(page2.InstancesOf(Vocab.Hydra.PartialCollectionView));
        Assert.Equal("https://data.exempel.se/datasets/dcat.ttl?after=mariestad/badplatser", ((Iri)view2).Value);
        Assert.Null(page2.Object(view2, Vocab.Hydra.Next));

        // One organisation's feed pages the same way, with links on its own address.
        var mariestad = await ParseAsync(await GetAsync("/datasets/dcat/mariestad.ttl?after=mariestad/badplatser"), RdfSerialization.Turtle);
        Assert.EndsWith("mariestad/luftkvalitet", ((Iri)Assert.Single(mariestad.InstancesOf(Vocab.Dcat.Dataset))).Value);
        Assert.Equal("https://data.exempel.se/datasets/dcat/mariestad.ttl?after=mariestad/badplatser",
            ((Iri)Assert.Single(mariestad.InstancesOf(Vocab.Hydra.PartialCollectionView))).Value);

        // Page 1 under its old name is still the first page; other page numbers and broken keys are refused.
        Assert.Equal(2, (await ParseAsync(await GetAsync("/datasets/dcat.ttl?page=1"), RdfSerialization.Turtle)).InstancesOf(Vocab.Dcat.Dataset).Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/datasets/dcat.ttl?page=2")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/datasets/dcat.ttl?page=zero")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/datasets/dcat.ttl?after=nur-en-del")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/datasets/dcat.ttl?after=a/b/c")).StatusCode);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Validate_reports_our_catalogue_clean()
    {
        var report = await JsonAsync(await GetAsync("/api/dcat/validate"));
        Assert.True(report.GetProperty("conforms").GetBoolean());
        Assert.Equal(0, report.GetProperty("violations").GetInt32());
        Assert.Equal(3, report.GetProperty("datasets").GetInt32());
        Assert.Equal(5, report.GetProperty("sets").GetArrayLength());
    }

    [Fact]
    public async Task Validate_an_uploaded_catalogue_and_a_catalogue_by_URL()
    {
        var example = await File.ReadAllTextAsync(SharedFiles.Path("reference", "dcat-ap-se-examples", "exempel_rekommenderat.ttl"));
        var upload = await JsonAsync(await _http.PostAsync("/api/dcat/validate", new StringContent(example, Encoding.UTF8, "text/turtle")));
        Assert.False(upload.GetProperty("conforms").GetBoolean());
        var euCore = upload.GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "eu-core");
        Assert.Contains(euCore.GetProperty("results").EnumerateArray(), r => r.GetProperty("message").GetString()!.Contains("\"text/csv\" must be an IRI"));

        var broken = await JsonAsync(await _http.PostAsync("/api/dcat/validate?format=ttl", new StringContent("<a> <b> \"unterminated .", Encoding.UTF8)), HttpStatusCode.BadRequest);
        Assert.Contains("line 1", broken.GetProperty("detail").GetString());

        var byUrl = await JsonAsync(await GetAsync("/api/dcat/validate?url=" + Uri.EscapeDataString(_base + "/datasets/dcat/harryda")));
        Assert.True(byUrl.GetProperty("conforms").GetBoolean());
        Assert.Equal(1, byUrl.GetProperty("datasets").GetInt32());

        // With loopback closed again, a new connection (another host name for the same server) is refused by the guard.
        _app.Services.GetRequiredService<IOptions<HarvestOptions>>().Value.AllowLoopback = false;
        var refused = await JsonAsync(await GetAsync("/api/dcat/validate?url=" + Uri.EscapeDataString(_base.Replace("127.0.0.1", "localhost") + "/datasets/dcat")), HttpStatusCode.BadRequest);
        Assert.Contains("loopback", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Admin_MQA_scores_the_catalogue_with_todos()
    {
        var mqa = await JsonAsync(await GetAsync("/api/admin/dcat/mqa"));
        Assert.Equal(375, mqa.GetProperty("swedishMaxPoints").GetInt32());
        Assert.Equal(405, mqa.GetProperty("maxPoints").GetInt32());
        Assert.False(mqa.GetProperty("urlsChecked").GetBoolean());
        Assert.Equal(3, mqa.GetProperty("datasets").GetArrayLength());
        // The demo fills every field; only reachability (access and download URLs answering) is left unchecked without a probe, and unchecked is no to-do.
        foreach (var dataset in mqa.GetProperty("datasets").EnumerateArray())
        {
            Assert.Empty(dataset.GetProperty("todos").EnumerateArray());
            Assert.Equal(2, dataset.GetProperty("indicators").EnumerateArray().Count(i => i.GetProperty("check").GetString() == "NotChecked"));
            Assert.Equal(295, dataset.GetProperty("swedishPoints").GetDouble());
        }

        var one = await JsonAsync(await GetAsync("/api/admin/dcat/mqa?organisation=harryda"));
        Assert.Equal(1, one.GetProperty("datasets").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/admin/dcat/mqa?organisation=okand")).StatusCode);
    }
}
