namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// Temporal coverage (dct:temporal): a start, an end or both, the start not after the end, and four-digit
/// years (xsd:date needs them; historical series may start long before 1900).
/// </summary>
public static class TemporalRule
{
    public static MetadataProblem? Check(string field, DateOnly? start, DateOnly? end)
    {
        if (start is { Year: < 1000 } || end is { Year: < 1000 })
            return new MetadataProblem(field, Text(start, end),
                "Ange tidsperiodens datum med fyrsiffrigt år, t.ex. 2020-01-01.", "Give the time period's dates with a four-digit year, e.g. 2020-01-01.");
        return start > end
            ? new MetadataProblem(field, Text(start, end),
                $"Tidsperioden slutar ({end:yyyy-MM-dd}) innan den börjar ({start:yyyy-MM-dd}).",
                $"The time period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).")
            : null;
    }

    private static string Text(DateOnly? start, DateOnly? end) => $"{start:yyyy-MM-dd}/{end:yyyy-MM-dd}";
}
