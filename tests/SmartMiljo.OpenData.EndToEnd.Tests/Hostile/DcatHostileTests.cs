using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// The DCAT side of issue 13 replayed against the real server: hostile RDF is a 400 and the process lives
/// on; bad metadata is refused where it enters; and bad values already in the database cost their own
/// value or record while /datasets/dcat stays complete and readable by rapper and rdflib in every format.
/// </summary>
public abstract class DcatHostileTestsBase<TPlatform>(TPlatform shared) : IClassFixture<TPlatform> where TPlatform : HostilePlatform
{
    // One server per class and store (each test uses its own organisations): EF refuses more than twenty hosts per process.
    private readonly PlatformFactory _platform = shared.Platform;
    private readonly LocalHttpServer _web = shared.Web;

    // ---------------------------------------------------------------- hostile documents

    private static string NestedBlankNodes(int depth) =>
        "@prefix ex: <http://example.org/> .\nex:s ex:p " + string.Concat(Enumerable.Repeat("[ ex:p ", depth)) + "1 " + new string(']', depth) + " .\n";

    private static string NestedCollections(int depth) =>
        "@prefix ex: <http://example.org/> .\nex:s ex:p " + new string('(', depth) + " 1 " + new string(')', depth) + " .\n";

    private static string NestedRdfXml(int levels) =>
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\">"
        + string.Concat(Enumerable.Repeat("<rdf:Description><ex:p>", levels / 2)) + "<rdf:Description/>"
        + string.Concat(Enumerable.Repeat("</ex:p></rdf:Description>", levels / 2)) + "</rdf:RDF>";

    private static string NestedJsonLd(int depth) =>
        string.Concat(Enumerable.Repeat("{\"http://example.org/p\": ", depth)) + "1" + new string('}', depth);

    public static TheoryData<string, string, string> HostileDocuments() => new()
    {
        { "ttl", "text/turtle", NestedBlankNodes(50_000) },
        { "ttl", "text/turtle", NestedCollections(100_000) },
        { "rdf", "application/rdf+xml", NestedRdfXml(20_000) },
        { "jsonld", "application/ld+json", NestedJsonLd(30_000) },
    };

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task Deeply_nested_RDF_posted_or_fetched_for_validation_is_a_400_and_the_server_lives_on(string extension, string mediaType, string document)
    {
        Assert.True(Encoding.UTF8.GetByteCount(document) < 1_000_000);
        var client = _platform.CreateClient();

        var posted = await client.PostAsync("/api/dcat/validate", new StringContent(document, Encoding.UTF8, mediaType));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal("application/problem+json", posted.Content.Headers.ContentType?.MediaType);
        Assert.Contains("deeper than 256 levels", await posted.Content.ReadAsStringAsync());

        _web.MapFile("/nested." + extension, Encoding.UTF8.GetBytes(document), mediaType);
        var fetched = await client.GetAsync("/api/dcat/validate?url=" + Uri.EscapeDataString(_web.Url("/nested." + extension).ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, fetched.StatusCode);
        Assert.Contains("deeper than 256 levels", await fetched.Content.ReadAsStringAsync());

        // Still alive and still serving.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var ok = await client.PostAsync("/api/dcat/validate", new StringContent(NestedBlankNodes(20), Encoding.UTF8, "text/turtle"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_nested_catalogue_harvested_as_a_DCAT_source_fails_that_run_with_a_clear_error()
    {
        _web.MapFile("/nested-catalogue.ttl", Encoding.UTF8.GetBytes(NestedBlankNodes(50_000)), "text/turtle");
        var admin = _platform.CreateAdminClient();
        await CreateOrganisationAsync(admin, "djup", "2120000019");
        var source = await CreateSourceAsync(admin, "djup", new { name = "Djup katalog", kind = "Dcat", location = _web.Url("/nested-catalogue.ttl").ToString(), datasetSlug = "djup-kalla" });
        var run = await HarvestAsync(admin, source);
        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("deeper than 256 levels", run.ToString());
        Assert.Equal(HttpStatusCode.OK, (await _platform.CreateClient().GetAsync("/health")).StatusCode);
    }

    // ---------------------------------------------------------------- entry points

    [Fact]
    public async Task The_admin_API_refuses_bad_metadata_with_a_problem_naming_each_field()
    {
        var admin = _platform.CreateAdminClient();
        var organisation = await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = "trasig-admin", name = "Trasiga kommun", organisationNumber = "2120000068",
            homepage = "javascript:alert(1)", contactEmail = "kontakt at kommun.se", contactPhone = "Ring växeln",
        });
        Assert.Equal(HttpStatusCode.BadRequest, organisation.StatusCode);
        Assert.Equal("application/problem+json", organisation.Content.Headers.ContentType?.MediaType);
        var errors = (await organisation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("e-postadress", errors.GetProperty("contactEmail")[0].GetString());
        Assert.Contains("e-mail address", errors.GetProperty("contactEmail")[0].GetString());
        Assert.Contains("telephone number", errors.GetProperty("contactPhone")[0].GetString());
        Assert.Contains("https://", errors.GetProperty("homepage")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug = "trasig-admin", name = "Trasiga kommun", organisationNumber = "2120000068", homepage = "https://www.trasig.se/>",
        })).StatusCode);

        await CreateOrganisationAsync(admin, "hel-admin", "2120000050");
        var source = await admin.PostAsJsonAsync("/api/admin/organisations/hel-admin/sources", new
        {
            name = "Badplatser", kind = "Csv", location = _web.Url("/badplatser.csv").ToString(), title = " ",
            themes = new[] { "ENVI", "http://example.org/my-theme" }, contactEmail = "kontakt at kommun.se", keywords = new[] { "ok", "bad\u0001" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, source.StatusCode);
        var sourceErrors = (await source.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "title", "themes", "contactEmail", "keywords" }) Assert.True(sourceErrors.TryGetProperty(field, out _), field);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/admin/sources?org=hel-admin")).GetArrayLength());
    }

    [Fact]
    public async Task A_harvested_DCAT_record_with_bad_values_is_kept_without_them_and_gets_a_note()
    {
        var admin = _platform.CreateAdminClient();
        await CreateOrganisationAsync(admin, "katalog", "2120000035");
        var csv = _web.Url("/badplatser.csv");
        _web.MapFile("/catalog.ttl", Encoding.UTF8.GetBytes($"""
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
            <https://kommun.example/catalog> a dcat:Catalog ; dcat:dataset <https://kommun.example/ds/bad> .
            <https://kommun.example/ds/bad> a dcat:Dataset ;
                dct:title "Badplatser"@sv ;
                dct:description "Kommunens badplatser."@sv ;
                dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI>, <http://example.org/themes/bathing> ;
                dcat:contactPoint [ a vcard:Organization ; vcard:hasEmail "kontakt at kommun.se" ] ;
                dct:license <javascript:alert(1)> ;
                dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{csv}> ; dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ] .
            """), "text/turtle");
        var source = await CreateSourceAsync(admin, "katalog", new
        {
            name = "Katalog", kind = "Dcat", location = _web.Url("/catalog.ttl").ToString(), datasetSlug = "katalog-kalla",
            settings = new { republish = true }, // its records go into our feed, which is read back below
        });
        var run = await HarvestAsync(admin, source);
        Assert.NotEqual("Failed", run.GetProperty("status").GetString());

        var item = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{source}/items")).EnumerateArray()
            .Single(i => i.GetProperty("itemKey").GetString() == "https://kommun.example/ds/bad");
        var note = item.GetProperty("lastError").GetString()!;
        Assert.Contains("contactEmail 'kontakt at kommun.se' was left out", note);
        Assert.Contains("http://example.org/themes/bathing", note);
        Assert.Contains("license", note);

        using var scope = _platform.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var dataset = await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == item.GetProperty("datasetId").GetGuid());
        Assert.Equal(["ENVI"], dataset.Themes);
        Assert.NotEqual("kontakt at kommun.se", dataset.ContactEmail);
        Assert.DoesNotContain("javascript", dataset.License);
        var catalogue = await _platform.CreateClient().GetAsync("/datasets/dcat.ttl");
        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
        var published = await ReadableEverywhereAsync(catalogue, "ttl");
        Assert.Contains("\"Badplatser\"@sv", published, StringComparison.Ordinal);
        Assert.DoesNotContain("kontakt at kommun.se", published, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org/themes", published, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- legacy values in the database

    [Fact]
    public async Task Bad_values_already_in_the_database_cost_their_own_value_or_record_never_the_feed()
    {
        var admin = _platform.CreateAdminClient();
        await CreateOrganisationAsync(admin, "hel", "2120000027");
        await CreateOrganisationAsync(admin, "trasig", "2120000043");
        var sources = new List<Guid>
        {
            await CreateSourceAsync(admin, "hel", new { name = "Badplatser", kind = "Csv", location = _web.Url("/badplatser.csv").ToString(), datasetSlug = "badplatser", themes = new[] { "ENVI" } }),
            await CreateSourceAsync(admin, "trasig", new { name = "Tema", kind = "Csv", location = _web.Url("/badplatser.csv").ToString(), datasetSlug = "tema", themes = new[] { "ENVI" } }),
            await CreateSourceAsync(admin, "trasig", new { name = "Tom", kind = "Csv", location = _web.Url("/badplatser.csv").ToString(), datasetSlug = "tom" }),
        };
        foreach (var source in sources) Assert.NotEqual("Failed", (await HarvestAsync(admin, source)).GetProperty("status").GetString());

        // Legacy data, written around every entry point.
        using (var scope = _platform.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var trasig = await db.Organisations.SingleAsync(o => o.Slug == "trasig");
            trasig.Homepage = "javascript:alert(1)";
            trasig.ContactEmail = "kontakt at kommun.se";
            trasig.ContactPhone = "Ring växeln";
            trasig.SpatialIri = "https://www.trasig.se/plats>";
            var tema = await db.Datasets.SingleAsync(d => d.OrganisationId == trasig.Id && d.Slug == "tema");
            // Past the entity's guards, straight into the columns, as old data or another writer could have left it.
            db.Entry(tema).Property(d => d.Themes).CurrentValue = ["ENVI", "MILJO"];
            db.Entry(tema).Property(d => d.ContactEmail).CurrentValue = "kontakt at kommun.se";
            db.Entry(tema).Property(d => d.ContactPhone).CurrentValue = "Ring växeln";
            db.Entry(tema).Property(d => d.License).CurrentValue = "se villkoren";
            var tom = await db.Datasets.SingleAsync(d => d.OrganisationId == trasig.Id && d.Slug == "tom");
            db.Entry(tom).Property(d => d.Title).CurrentValue = "";
            db.Entry(tom).Property(d => d.Description).CurrentValue = "";
            await db.SaveChangesAsync();
        }

        var client = _platform.CreateClient();
        foreach (var extension in new[] { "rdf", "ttl", "nt", "jsonld" })
        {
            foreach (var path in new[] { $"/datasets/dcat.{extension}", $"/datasets/dcat/trasig.{extension}", $"/datasets/dcat/hel.{extension}" })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
                if (path.Contains("/trasig.", StringComparison.Ordinal))
                {
                    // Every record of "trasig" is left out, so its own catalogue is a valid empty document (no dcat:Catalog without a dataset).
                    var format = extension switch { "rdf" => RdfSerialization.RdfXml, "ttl" => RdfSerialization.Turtle, "nt" => RdfSerialization.NTriples, _ => RdfSerialization.JsonLd };
                    var empty = RdfParser.Load(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), format);
                    Assert.Empty(empty.InstancesOf(SmartMiljo.OpenData.Rdf.Vocab.Dcat.Catalog));
                    Assert.Empty(empty.InstancesOf(SmartMiljo.OpenData.Rdf.Vocab.Dcat.Dataset));
                    continue;
                }
                var ntriples = await ReadableEverywhereAsync(response, extension);
                Assert.DoesNotContain("javascript:", ntriples);
                Assert.DoesNotContain("kontakt at kommun.se", ntriples);
                Assert.DoesNotContain("MILJO", ntriples);
                Assert.DoesNotContain("/datasets/trasig/tom>", ntriples);
                Assert.DoesNotContain("/datasets/trasig/tema>", ntriples); // its licence cannot be published: the record is left out
                if (!path.Contains("trasig", StringComparison.Ordinal))
                    Assert.Contains("<http://data.example.test/datasets/hel/badplatser> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>", ntriples);
            }
        }

        // Give "tema" a valid licence back: it returns with only its good values.
        using (var scope = _platform.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            var tema = await db.Datasets.SingleAsync(d => d.Slug == "tema");
            db.Entry(tema).Property(d => d.License).CurrentValue = "http://creativecommons.org/publicdomain/zero/1.0/";
            await db.SaveChangesAsync();
        }
        var again = await ReadableEverywhereAsync(await client.GetAsync("/datasets/dcat.rdf"), "rdf");
        Assert.Contains("<http://data.example.test/datasets/trasig/tema> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>", again);
        Assert.Contains("<http://data.example.test/datasets/trasig/tema> <http://www.w3.org/ns/dcat#theme> <http://publications.europa.eu/resource/authority/data-theme/ENVI>", again);
        Assert.DoesNotContain("MILJO", again);

        // The organisation page shows the bad homepage as text, never as a link.
        var page = await client.GetStringAsync("/organisationer/trasig");
        Assert.DoesNotContain("href=\"javascript:", page);
        Assert.DoesNotContain("href=\"mailto:kontakt at", page);
    }

    [Fact]
    public async Task Error_responses_of_DCAT_OData_and_downloads_are_never_cached()
    {
        var client = _platform.CreateClient();
        foreach (var path in new[] { "/datasets/dcat/finns-inte", "/datasets/dcat.ttl?page=0", "/datasets/dcat/finns-inte.rdf", "/odata/finns-inte/inte",
                     "/download/finns-inte/inte.csv", "/api/dcat/validate?url=ftp://example.org/x" })
        {
            var response = await client.GetAsync(path);
            Assert.True((int)response.StatusCode >= 400, $"{path}: {(int)response.StatusCode}");
            var cacheControl = response.Headers.CacheControl?.ToString() ?? "";
            Assert.DoesNotContain("public", cacheControl);
            Assert.DoesNotContain("max-age", cacheControl);
            Assert.False(response.Headers.ETag is not null, $"{path} has an ETag");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static async Task CreateOrganisationAsync(HttpClient admin, string slug, string number)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations", new
        {
            slug, name = $"Kommun {slug}", organisationNumber = number, contactEmail = $"info@{slug}.example.se",
            homepage = $"https://www.{slug}.example.se/",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static async Task<Guid> CreateSourceAsync(HttpClient admin, string org, object body)
    {
        var created = await admin.PostAsJsonAsync($"/api/admin/organisations/{org}/sources", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> HarvestAsync(HttpClient admin, Guid sourceId)
    {
        var known = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        var trigger = await admin.PostAsync($"/api/admin/sources/{sourceId}/harvest", null);
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        return await PlatformFactory.WaitForNewRunAsync(admin, sourceId, known);
    }

    /// <summary>
    /// The body must be complete RDF for two independent readers (rapper, except for JSON-LD which it does
    /// not read, and rdflib) and for ours; returns rapper's or rdflib's N-Triples for assertions.
    /// </summary>
    private static async Task<string> ReadableEverywhereAsync(HttpResponseMessage response, string extension)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var dir = new TemporaryDirectory();
        var file = Path.Combine(dir.Path, "catalogue." + extension);
        await File.WriteAllBytesAsync(file, bytes);

        var format = extension switch { "rdf" => RdfSerialization.RdfXml, "ttl" => RdfSerialization.Turtle, "nt" => RdfSerialization.NTriples, _ => RdfSerialization.JsonLd };
        var ours = RdfParser.Load(new MemoryStream(bytes), format);
        Assert.True(ours.Count > 0);

        const string script = """
            import sys
            from rdflib import Graph
            g = Graph()
            g.parse(sys.argv[1], format={'rdf': 'xml', 'ttl': 'turtle', 'nt': 'nt', 'jsonld': 'json-ld'}[sys.argv[2]])
            sys.stdout.write(g.serialize(format='nt'))
            """;
        var rdflib = await RunAsync("/usr/bin/python3", ["-c", script, file, extension]);
        Assert.True(rdflib.ExitCode == 0, $"rdflib cannot read the {extension} catalogue:\n{rdflib.StdErr}");
        Assert.Equal(ours.Count, rdflib.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count());
        if (extension == "jsonld") return rdflib.StdOut;

        var rapper = await RunAsync("rapper", ["-i", extension switch { "rdf" => "rdfxml", "ttl" => "turtle", _ => "ntriples" }, "-o", "ntriples", file]);
        Assert.True(rapper.ExitCode == 0 && !rapper.StdErr.Contains("Error", StringComparison.Ordinal), $"rapper cannot read the {extension} catalogue:\n{rapper.StdErr}");
        return rapper.StdOut;
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{executable} did not start (apt-get install raptor2-utils python3-rdflib)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The server and a local web server for the sources, shared by one class's tests.</summary>
public abstract class HostilePlatform(PlatformStore store) : IAsyncLifetime
{
    public PlatformFactory Platform { get; } = new(store: store);
    public LocalHttpServer Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Web = await LocalHttpServer.StartAsync();
        Web.MapFile("/badplatser.csv", await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv")), "text/csv; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await Web.DisposeAsync();
        await Platform.DisposeAsync();
    }
}

public sealed class SqliteHostilePlatform() : HostilePlatform(PlatformStore.Sqlite);

public sealed class PostgresHostilePlatform() : HostilePlatform(PlatformStore.Postgres);

public sealed class DcatHostileTests(SqliteHostilePlatform platform) : DcatHostileTestsBase<SqliteHostilePlatform>(platform);

/// <summary>The same replay with the catalogue in PostgreSQL.</summary>
public sealed class PostgresDcatHostileTests(PostgresHostilePlatform platform) : DcatHostileTestsBase<PostgresHostilePlatform>(platform);
