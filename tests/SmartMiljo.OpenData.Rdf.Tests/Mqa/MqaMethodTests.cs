using System.Text.RegularExpressions;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Mqa;

/// <summary>
/// Our scorer against the published MQA method, property by property: the weights are read from the method's
/// table in ../shared/reference/dcat-ap-se.md, not from our own output.
/// </summary>
public sealed class MqaMethodTests
{
    /// <summary>The method's indicator names → our indicators' names (the only thing this test supplies).</summary>
    private static readonly Dictionary<string, string> OurName = new(StringComparer.Ordinal)
    {
        ["keyword"] = "Nyckelord", ["theme"] = "Kategorier", ["spatial"] = "Geografisk täckning", ["temporal"] = "Tidsmässig täckning",
        ["accessURL answers 200"] = "Åtkomst-URL svarar", ["downloadURL present"] = "Nedladdnings-URL finns", ["downloadURL answers"] = "Nedladdnings-URL svarar",
        ["format"] = "Format", ["media type"] = "Mediatyp", ["format/media type from vocabulary"] = "Format/mediatyp från vokabulär",
        ["non-proprietary"] = "Icke-proprietärt format", ["machine-readable"] = "Maskinläsbart format", ["DCAT-AP compliance"] = "DCAT-AP-efterlevnad",
        ["licence"] = "Licens", ["licence from vocabulary"] = "Licens från vokabulär", ["access rights"] = "Åtkomsträttigheter",
        ["access rights from vocabulary"] = "Åtkomsträttigheter från vokabulär", ["contact point"] = "Kontaktpunkt", ["publisher"] = "Utgivare",
        ["rights"] = "Rättigheter", ["byte size"] = "Filstorlek", ["issued"] = "Publiceringsdatum", ["modified"] = "Ändringsdatum",
    };

    /// <summary>(dimension, indicator, points) from the method's table, e.g. "| Findability | 100 | keyword 30, theme 30, … |".</summary>
    private static List<(MqaDimension Dimension, int DimensionPoints, string Indicator, int Points)> MethodTable()
    {
        var rows = new List<(MqaDimension, int, string, int)>();
        var text = File.ReadAllText(SharedFiles.Path("reference", "dcat-ap-se.md"));
        var section = text[text.IndexOf("## Metadata quality (MQA", StringComparison.Ordinal)..];
        foreach (Match row in Regex.Matches(section, @"^\| (\w+) \| (\d+) \| (.+) \|$", RegexOptions.Multiline))
        {
            if (!Enum.TryParse<MqaDimension>(row.Groups[1].Value, out var dimension)) continue;
            foreach (var item in row.Groups[3].Value.Split(", "))
            {
                var m = Regex.Match(item.Trim(), @"^(.+?):? (\d+)$");
                rows.Add((dimension, int.Parse(row.Groups[2].Value), m.Groups[1].Value.Trim(), int.Parse(m.Groups[2].Value)));
            }
        }
        return rows;
    }

    private static async Task<MqaDatasetScore> ScoreAsync(DcatDataset dataset, IUrlProbe? probe = null)
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance,
            [new DcatOrganisationCatalogue(DemoCatalogue.Mariestad, DemoCatalogue.Async([dataset]))], RdfSerialization.Turtle);
        stream.Position = 0;
        var score = await new MqaScorer(probe).ScoreAsync(RdfParser.Load(stream, RdfSerialization.Turtle));
        return Assert.Single(score.Datasets);
    }

    [Fact]
    public async Task Every_indicator_of_the_method_has_the_methods_weight_and_dimension()
    {
        var method = MethodTable();
        Assert.Equal(23, method.Count);
        Assert.Equal(405, method.Sum(r => r.Points));
        foreach (var dimension in method.GroupBy(r => r.Dimension))
            Assert.Equal(dimension.First().DimensionPoints, dimension.Sum(r => r.Points));

        var ours = (await ScoreAsync(Dcat.EveryFieldTests.EveryField("mariestad"))).Indicators;
        Assert.Equal(method.Count, ours.Count);
        foreach (var (dimension, _, indicator, points) in method)
        {
            Assert.True(OurName.TryGetValue(indicator, out var name), $"The method's indicator '{indicator}' has no counterpart in our scorer.");
            var our = Assert.Single(ours, i => i.Name == name);
            Assert.True(points == our.MaxPoints, $"{indicator}: the method gives {points} points, our scorer {our.MaxPoints}.");
            Assert.Equal(dimension, our.Dimension);
            // Sweden counts every indicator but DCAT-AP compliance.
            Assert.Equal(indicator != "DCAT-AP compliance", our.CountedInSweden);
        }
        Assert.Equal(MqaDatasetScore.SwedishMaxPoints, method.Where(r => r.Indicator != "DCAT-AP compliance").Sum(r => r.Points));
    }

    private sealed class Answers200 : IUrlProbe
    {
        public Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken) => Task.FromResult<int?>(200);
    }

    [Fact]
    public async Task A_dataset_with_every_field_scores_the_Swedish_maximum()
    {
        var score = await ScoreAsync(Dcat.EveryFieldTests.EveryField("mariestad"), new Answers200());
        var shortfalls = score.Indicators.Where(i => i.CountedInSweden && i.Points < i.MaxPoints).Select(i => $"{i.Name} ({i.Property}): {i.Points}/{i.MaxPoints}");
        Assert.Empty(shortfalls);
        Assert.Equal(375, score.SwedishPoints);
        Assert.Equal(MqaRating.Excellent, score.SwedishRating);
    }

    /// <summary>The OData API is a data service every file distribution points to, not a distribution without a download
    /// URL or size of its own (which cost each dataset a third of 55 points).</summary>
    [Fact]
    public async Task The_query_API_is_reached_from_every_file_distribution()
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance,
            [new DcatOrganisationCatalogue(DemoCatalogue.Mariestad, DemoCatalogue.Async([Dcat.EveryFieldTests.EveryField("mariestad")]))], RdfSerialization.Turtle);
        stream.Position = 0;
        var graph = RdfParser.Load(stream, RdfSerialization.Turtle);
        var dataset = Iri.Create("https://data.exempel.se/datasets/mariestad/luftkvalitet");
        var service = Iri.Create("https://data.exempel.se/datasets/mariestad/luftkvalitet#odata-service");
        Assert.True(graph.HasType(service, Vocab.Dcat.DataService));
        Assert.Contains(dataset, graph.Objects(service, Vocab.Dcat.ServesDataset));
        var distributions = graph.Objects(dataset, Vocab.Dcat.DistributionProperty).OfType<RdfResource>().ToList();
        Assert.Equal(2, distributions.Count);
        foreach (var distribution in distributions)
        {
            Assert.Contains(service, graph.Objects(distribution, Vocab.Dcat.AccessService));
            Assert.NotEmpty(graph.Objects(distribution, Vocab.Dcat.DownloadUrl));
            Assert.NotEmpty(graph.Objects(distribution, Vocab.Dcat.ByteSize));
        }
    }
}
