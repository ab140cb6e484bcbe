using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// The round trip of issue #14's proof, judged by an independent reader (rdflib): each real record in
/// ../shared/sample-data and DIGG's examples, harvested from a local server and republished in our
/// /datasets/dcat.ttl, says the same as its source on every property the README claims we keep. The
/// README's deliberate transformations are allowed for and nothing else: untagged texts are Swedish (texts in
/// every other language and machine translation are compared as they are), dates
/// compare by day, a Swedish telephone number is written in its international form.
/// </summary>
public class CatalogueRoundTripTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform = new();
    private LocalHttpServer _portal = null!;

    public async Task InitializeAsync() => _portal = await LocalHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _platform.DisposeAsync();
    }

    private const string CompareScript = """
        import sys
        from rdflib import Graph, URIRef, Literal, Namespace
        from rdflib.namespace import DCTERMS as DCT, DCAT, FOAF, RDF
        VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
        ADMS = Namespace("http://www.w3.org/ns/adms#")
        DCATAP = Namespace("http://data.europa.eu/r5r/")
        src, out = Graph(), Graph()
        src.parse(sys.argv[1], format=sys.argv[2])
        out.parse(sys.argv[3], format="turtle")
        problems, compared = [], 0

        def texts(g, s, p):
            # Every language tag, machine translations (en-t-sv-t0-mtec) included, is kept and written back.
            return {(str(o).strip(), (o.language or "sv").lower()) for o in g.objects(s, p) if isinstance(o, Literal)}
        def iris(g, s, p):
            return {str(o) for o in g.objects(s, p) if isinstance(o, URIRef)}
        def day(g, s, p):
            return {str(o)[:10] for o in g.objects(s, p) if isinstance(o, Literal)}
        def e164(number):
            # A Swedish number is written as a tel: IRI in its international form (README: transformations).
            return "+46" + number[1:] if number.startswith("0") and not number.startswith("00") else number
        def same(what, a, b):
            global compared
            if not a: return
            compared += 1
            if a != b: problems.append(f"{what}: source {sorted(a)} republished {sorted(b)}")

        datasets = set(src.subjects(RDF.type, DCAT.Dataset))
        assert datasets, "no dataset in the source"
        for ds in datasets:
            if (ds, None, None) not in out:
                problems.append(f"{ds} is not republished under its own IRI"); continue
            for p in (DCT.title, DCT.description, DCAT.keyword):
                same(f"{ds} {p}", texts(src, ds, p), texts(out, ds, p))
            for p in (DCAT.theme, DCT.spatial, DCT.conformsTo, DCAT.landingPage, FOAF.page, DCT.accrualPeriodicity,
                      DCT.accessRights, URIRef(str(DCAT) + "inSeries"), DCT.publisher, DCATAP.hvdCategory):
                same(f"{ds} {p}", iris(src, ds, p), iris(out, ds, p))
            for p in (DCT.issued, DCT.modified):
                same(f"{ds} {p}", day(src, ds, p), day(out, ds, p))
            same(f"{ds} identifier", {str(o) for o in src.objects(ds, DCT.identifier)}, {str(o) for o in out.objects(ds, DCT.identifier)})
            for when in (DCAT.startDate, DCAT.endDate):
                same(f"{ds} temporal {when}", {str(v)[:10] for t in src.objects(ds, DCT.temporal) for v in src.objects(t, when)},
                     {str(v)[:10] for t in out.objects(ds, DCT.temporal) for v in out.objects(t, when)})
            for pub in iris(src, ds, DCT.publisher):
                same(f"publisher {pub} name", {str(n) for n in src.objects(URIRef(pub), FOAF.name) if n.language in (None, "sv")},
                     {str(n) for n in out.objects(URIRef(pub), FOAF.name)})
            def contact(g):
                found = {}
                for c in list(g.objects(ds, DCAT.contactPoint)) + list(g.objects(ds, ADMS.contactPoint)):
                    found["fn"] = {str(v) for v in g.objects(c, VCARD.fn)}
                    found["email"] = {str(v).replace("mailto:", "") for v in g.objects(c, VCARD.hasEmail)}
                    phones = set()
                    for t in g.objects(c, VCARD.hasTelephone):
                        values = list(g.objects(t, VCARD.hasValue)) or [t]
                        phones |= {e164("".join(ch for ch in str(v) if ch.isdigit() or ch == "+")) for v in values}
                    found["phone"] = phones
                    for part in ("street-address", "postal-code", "locality"):
                        found[part] = {str(v) for a in g.objects(c, VCARD.hasAddress) for v in g.objects(a, VCARD[part])}
                    break
                return found
            theirs, ours = contact(src), contact(out)
            for key, values in theirs.items():
                same(f"{ds} contact {key}", values, ours.get(key, set()))
            def distributions(g):
                return {(str(g.value(d, DCAT.accessURL) or ""), str(g.value(d, DCAT.downloadURL) or "")) for d in g.objects(ds, DCAT.distribution)
                        if g.value(d, DCAT.accessURL) is not None or g.value(d, DCAT.downloadURL) is not None}
            ours_d = distributions(out)
            for access, download in distributions(src):
                compared += 1
                if (access or download, download) not in ours_d:
                    problems.append(f"{ds} distribution {access} / {download} is not republished (ours: {sorted(ours_d)})")
        print("COMPARED", compared)
        for p in problems: print("DIFF", p)
        sys.exit(1 if problems else 0)
        """;

    [Theory]
    [InlineData("sample-data/harryda_dcat_ap_se_dataset.rdf", "xml", "application/rdf+xml")]
    [InlineData("sample-data/trollhattan_dcat_dataset.rdf", "xml", "application/rdf+xml")]
    [InlineData("reference/dcat-ap-se-examples/exempel_rekommenderat.ttl", "turtle", "text/turtle")]
    [InlineData("reference/dcat-ap-se-examples/exempel_obligatoriskt.ttl", "turtle", "text/turtle")]
    [InlineData("reference/dcat-ap-se-examples/exempel_rekommenderat.rdf", "xml", "application/rdf+xml")]
    public async Task A_harvested_and_republished_record_says_what_its_source_says_on_every_kept_property(string file, string rdflibFormat, string mediaType)
    {
        var path = Path.Combine(RepositoryPaths.Shared, file);
        _portal.MapFile("/source", await File.ReadAllBytesAsync(path), mediaType);
        var admin = _platform.Admin();
        await HarvestPlatform.CreateOrganisationAsync(admin, "rundresa", "2120001371");
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, "rundresa", new
        {
            name = "Källkatalog", kind = "Dcat", location = _portal.Url("/source").ToString(), datasetSlug = "rundresa-kalla",
            settings = new { republish = true, harvestData = false },
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.True(run.GetProperty("itemsPublished").GetInt32() >= 1, run.ToString());

        using var work = new TemporaryDirectory();
        var republished = Path.Combine(work.Path, "feed.ttl");
        await File.WriteAllTextAsync(republished, await _platform.CreateClient().GetStringAsync("/datasets/dcat.ttl"));
        var (exit, output) = await RunAsync("/usr/bin/python3", ["-c", CompareScript, path, rdflibFormat, republished]);
        Assert.True(exit == 0, output);
        Assert.Contains("COMPARED", output);
        Assert.True(int.Parse(output.Split("COMPARED ")[1].Split('\n')[0].Trim()) >= 4, output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
