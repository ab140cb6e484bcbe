using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Mqa;

public sealed class MqaScorerTests
{
    private sealed class FakeProbe(Func<string, int?> status) : IUrlProbe
    {
        public List<string> Asked { get; } = [];
        public Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken)
        {
            Asked.Add(url);
            return Task.FromResult(status(url));
        }
    }

    private static async Task<RdfGraph> DemoGraphAsync()
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, DemoCatalogue.Organisations(), RdfSerialization.Turtle);
        stream.Position = 0;
        return RdfParser.Load(stream, RdfSerialization.Turtle);
    }

    private static SmartMiljo.OpenData.Rdf.Shacl.ShaclValidator Core => Shapes.All.ShapeSets.Single(s => s.Name == "eu-core").Validator;

    [Fact]
    public async Task Our_catalogue_scores_full_marks_when_every_address_answers()
    {
        var probe = new FakeProbe(_ => 200);
        var score = await new MqaScorer(probe, Core).ScoreAsync(await DemoGraphAsync());

        Assert.Equal(3, score.Datasets.Count);
        foreach (var dataset in score.Datasets)
        {
            // The OData API is a data service the files point to, not a distribution without download URL or size.
            Assert.Empty(dataset.Indicators.Where(i => i.Points < i.MaxPoints).Select(i => i.Property));
            Assert.Equal(405, dataset.Points);
            Assert.Equal(375, dataset.SwedishPoints); // compliance is met but not counted in Sweden
            Assert.Equal(MqaRating.Excellent, dataset.SwedishRating);
        }
        Assert.Equal(375, score.SwedishMaxPoints);
        Assert.Contains("https://data.exempel.se/download/harryda/badplatser.csv", probe.Asked);
    }

    [Fact]
    public async Task Unreachable_URLs_cost_accessibility_points_with_a_todo()
    {
        var probe = new FakeProbe(url => url.EndsWith(".csv") ? 404 : 200);
        var score = await new MqaScorer(probe, Core).ScoreAsync(await DemoGraphAsync());
        var harryda = score.Datasets.Single(d => d.Dataset.EndsWith("harryda/badplatser"));
        var access = harryda.Indicators.Single(i => i.Name == "Åtkomst-URL svarar");
        Assert.Equal(MqaCheck.PartlyMet, access.Check);
        Assert.Equal(50.0 / 2, access.Points, 0.1); // only the GeoJSON file answers
        Assert.Contains("1 av 2 distributioner", access.Todo);
        var none = await new MqaScorer(new FakeProbe(_ => null), Core).ScoreAsync(await DemoGraphAsync());
        Assert.Equal(MqaCheck.NotMet, none.Datasets[0].Indicators.Single(i => i.Name == "Nedladdnings-URL svarar").Check);
    }

    [Fact]
    public async Task Without_a_probe_the_reachability_indicators_are_reported_as_not_checked()
    {
        var score = await new MqaScorer().ScoreAsync(await DemoGraphAsync());
        var dataset = score.Datasets[0];
        Assert.Equal(3, dataset.Indicators.Count(i => i.Check == MqaCheck.NotChecked));
        Assert.All(dataset.Indicators.Where(i => i.Check == MqaCheck.NotChecked), i => Assert.Null(i.Todo));
        Assert.Equal(405, dataset.Indicators.Sum(i => i.MaxPoints));
        Assert.Equal(375, dataset.Indicators.Where(i => i.CountedInSweden).Sum(i => i.MaxPoints));
    }

    [Fact]
    public async Task A_real_municipal_record_gets_todos_for_what_it_lacks()
    {
        var graph = RdfParser.LoadFile(SharedFiles.Path("sample-data", "trollhattan_dcat_dataset.rdf"));
        var score = await new MqaScorer(new FakeProbe(_ => 200), Core).ScoreAsync(graph);
        var dataset = Assert.Single(score.Datasets);
        var todos = dataset.Todos.ToList();
        Assert.Contains(todos, t => t.Contains("dct:temporal") && t.Contains("+20"));
        Assert.Contains(todos, t => t.Contains("dcat:mediaType"));
        Assert.Contains(todos, t => t.Contains("dcat:byteSize"));
        // Media types as literals in dct:format: not from the EU vocabulary, and the EU core shapes reject them.
        Assert.Equal(0, dataset.Indicators.Single(i => i.Name == "Format/mediatyp från vokabulär").Points);
        Assert.Equal(0, dataset.Indicators.Single(i => i.Name == "DCAT-AP-efterlevnad").Points);
        // Everything else is there: 375 less temporal 20, media type 10, vocabulary 10, rights 5, byte size 5.
        Assert.Equal(375 - 20 - 10 - 10 - 5 - 5, dataset.SwedishPoints);
        Assert.Contains(score.Todos, t => t.Contains("dct:temporal"));
    }

    [Theory]
    [InlineData(405, MqaRating.Excellent)]
    [InlineData(351, MqaRating.Excellent)]
    [InlineData(350.9, MqaRating.Good)]
    [InlineData(221, MqaRating.Good)]
    [InlineData(220, MqaRating.Sufficient)]
    [InlineData(121, MqaRating.Sufficient)]
    [InlineData(120, MqaRating.Bad)]
    public void Rating_bands(double points, MqaRating expected) => Assert.Equal(expected, MqaRatings.For(points));
}
