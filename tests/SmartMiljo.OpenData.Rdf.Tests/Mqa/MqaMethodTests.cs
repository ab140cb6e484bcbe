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
    public async Task A_dataset_with_every_field_loses_points_only_on_its_API_distribution()
    {
        var score = await ScoreAsync(Dcat.EveryFieldTests.EveryField("mariestad"), new Answers200());
        var shortfalls = score.Indicators.Where(i => i.CountedInSweden && i.Points < i.MaxPoints).Select(i => i.Property).Order().ToArray();
        // The OData access distribution (1 of 3) has no download URL or file size; every dataset-level indicator is full.
        Assert.Equal(["dcat:byteSize", "dcat:downloadURL", "dcat:downloadURL"], shortfalls);
        Assert.Equal(375 - 20.0 / 3 - 30.0 / 3 - 5.0 / 3, score.SwedishPoints, 0.5);
        Assert.Equal(MqaRating.Excellent, score.SwedishRating);
    }
}
