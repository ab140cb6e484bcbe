namespace SmartMiljo.OpenData.Rdf.Mqa;

public enum MqaDimension { Findability, Accessibility, Interoperability, Reusability, Contextuality }

/// <summary>Whether an indicator could be checked: URL reachability needs HTTP, which a scorer may not be given.</summary>
public enum MqaCheck { Met, PartlyMet, NotMet, NotChecked }

public enum MqaRating { Bad, Sufficient, Good, Excellent }

/// <summary>One MQA indicator for one dataset: the points earned and, when short, what the publisher can do.</summary>
public sealed record MqaIndicator(
    MqaDimension Dimension,
    string Name,
    string Property,
    int MaxPoints,
    double Points,
    MqaCheck Check,
    bool CountedInSweden,
    string? Todo);

public sealed record MqaDatasetScore(string Dataset, string? Title, IReadOnlyList<MqaIndicator> Indicators)
{
    public const int MaxPoints = 405;
    /// <summary>dataportal.se awards no points for DCAT-AP compliance, so 375 is the Swedish maximum.</summary>
    public const int SwedishMaxPoints = 375;

    public double Points => Math.Round(Indicators.Sum(i => i.Points), 1);
    public double SwedishPoints => Math.Round(Indicators.Where(i => i.CountedInSweden).Sum(i => i.Points), 1);
    public MqaRating Rating => MqaRatings.For(Points);
    public MqaRating SwedishRating => MqaRatings.For(SwedishPoints);
    public IEnumerable<string> Todos => Indicators.Where(i => i.Todo is not null).OrderByDescending(i => i.MaxPoints - i.Points).Select(i => i.Todo!);

    public IReadOnlyDictionary<MqaDimension, double> ByDimension =>
        Indicators.GroupBy(i => i.Dimension).ToDictionary(g => g.Key, g => Math.Round(g.Sum(i => i.Points), 1));
}

/// <summary>A catalogue's score: the average of its datasets, and the to-dos that would gain the most.</summary>
public sealed record MqaCatalogueScore(IReadOnlyList<MqaDatasetScore> Datasets)
{
    public double Points => Datasets.Count == 0 ? 0 : Math.Round(Datasets.Average(d => d.Points), 1);
    public double SwedishPoints => Datasets.Count == 0 ? 0 : Math.Round(Datasets.Average(d => d.SwedishPoints), 1);
    public int MaxPoints => MqaDatasetScore.MaxPoints;
    public int SwedishMaxPoints => MqaDatasetScore.SwedishMaxPoints;
    public MqaRating Rating => MqaRatings.For(Points);
    public MqaRating SwedishRating => MqaRatings.For(SwedishPoints);

    /// <summary>Per indicator: the average points over datasets, its maximum and how many datasets fall short.</summary>
    public IReadOnlyList<MqaIndicatorSummary> Indicators => Datasets.SelectMany(d => d.Indicators)
        .GroupBy(i => (i.Dimension, i.Name))
        .Select(g => new MqaIndicatorSummary(g.Key.Dimension, g.Key.Name, g.First().Property, g.First().MaxPoints,
            Math.Round(g.Average(i => i.Points), 1), g.Count(i => i.Points < i.MaxPoints), g.First().CountedInSweden))
        .ToList();

    /// <summary>Catalogue-wide to-dos, biggest average gain first.</summary>
    public IEnumerable<string> Todos => Indicators.Where(i => i.DatasetsShort > 0)
        .OrderByDescending(i => i.MaxPoints - i.AveragePoints)
        .Select(i => $"{i.Name} ({i.Property}): {i.DatasetsShort} of {Datasets.Count} datasets short, up to {Math.Round(i.MaxPoints - i.AveragePoints, 1)} points on average"
            + (i.CountedInSweden ? "" : " (not counted by dataportal.se)"));
}

public sealed record MqaIndicatorSummary(MqaDimension Dimension, string Name, string Property, int MaxPoints, double AveragePoints, int DatasetsShort, bool CountedInSweden);

public static class MqaRatings
{
    /// <summary>Bands of the data.europa.eu method: Excellent 351–405, Good 221–350, Sufficient 121–220, Bad 0–120.</summary>
    public static MqaRating For(double points) => points switch
    {
        >= 351 => MqaRating.Excellent,
        >= 221 => MqaRating.Good,
        >= 121 => MqaRating.Sufficient,
        _ => MqaRating.Bad,
    };
}
