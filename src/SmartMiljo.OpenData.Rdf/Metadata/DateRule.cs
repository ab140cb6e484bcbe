namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>
/// Dates (issued, modified): a year between 1900 and 9999, so a default value (0001-01-01) is not published
/// as a date and every date has the four-digit year xsd:dateTime requires.
/// </summary>
public static class DateRule
{
    public static MetadataProblem? Check(string field, DateTimeOffset? value) =>
        value is not { } v || v.Year is >= 1900 and <= 9999 ? null : new MetadataProblem(field, v.ToString("O"),
            $"Datumet {v:yyyy-MM-dd} är inte rimligt; ange ett datum efter 1900.", $"The date {v:yyyy-MM-dd} is not plausible; give a date after 1900.");
}
