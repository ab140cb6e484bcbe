using System.Globalization;
using SmartMiljo.OpenData.Application.Datasets;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>
/// The metadata editing page's form: every field the admin API's PATCH takes, as text a browser sends.
/// <see cref="ToInput"/> turns it into the same <see cref="DatasetMetadataInput"/> the API builds, so both doors
/// hand the one use case (<see cref="EditDatasetMetadata"/>) the same thing; only what a form cannot say by
/// itself (a date, a goal number) is read here.
/// </summary>
public sealed class DatasetMetadataForm
{
    public string? Title { get; set; }
    public string? TitleEn { get; set; }
    public string? Description { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Keywords { get; set; }
    public string? KeywordsEn { get; set; }
    public List<string> Themes { get; set; } = [];
    public string? License { get; set; }
    public string? AccessRights { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactStreet { get; set; }
    public string? ContactPostalCode { get; set; }
    public string? ContactLocality { get; set; }
    public string? TemporalStart { get; set; }
    public string? TemporalEnd { get; set; }
    public string? Spatial { get; set; }
    public string? ConformsTo { get; set; }
    public string? Documentation { get; set; }
    public string? LandingPage { get; set; }
    public string? UpdateFrequency { get; set; }
    public bool IsHighValue { get; set; }
    public List<string> HvdCategories { get; set; } = [];
    public List<string> SustainableDevelopmentGoals { get; set; } = [];

    /// <summary>The top-level HVD categories of the EU implementing regulation 2023/138.</summary>
    public static readonly IReadOnlyList<string> HvdCategoryCodes =
        ["c_ac64a52d", "c_dd313021", "c_164e0bf5", "c_e1da4e07", "c_a9135398", "c_b79e35eb"];

    /// <summary>Frequencies offered first: most published data changes yearly or when something happens.</summary>
    public static readonly IReadOnlyList<string> CommonFrequencies = ["ANNUAL", "IRREG", "QUARTERLY", "MONTHLY", "WEEKLY", "DAILY", "CONT"];

    public static DatasetMetadataForm From(DatasetMetadataInput m) => new()
    {
        Title = m.Title, TitleEn = m.TitleEn, Description = m.Description, DescriptionEn = m.DescriptionEn,
        Keywords = string.Join(", ", m.Keywords ?? []), KeywordsEn = string.Join(", ", m.KeywordsEn ?? []),
        Themes = [.. m.Themes ?? []], License = m.License, AccessRights = m.AccessRights ?? "PUBLIC",
        ContactName = m.Contact?.Name, ContactEmail = m.Contact?.Email, ContactPhone = m.Contact?.Phone,
        ContactStreet = m.Contact?.Address?.Street, ContactPostalCode = m.Contact?.Address?.PostalCode, ContactLocality = m.Contact?.Address?.Locality,
        TemporalStart = m.Temporal?.Start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TemporalEnd = m.Temporal?.End?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Spatial = string.Join("\n", m.Spatial ?? []), ConformsTo = string.Join("\n", m.ConformsTo ?? []),
        Documentation = string.Join("\n", m.Documentation ?? []), LandingPage = m.LandingPage, UpdateFrequency = m.UpdateFrequency,
        IsHighValue = m.IsHighValue,
        HvdCategories = [.. (m.HvdCategories ?? []).Select(c => c.StartsWith("http", StringComparison.Ordinal) ? c[(c.LastIndexOf('/') + 1)..] : c)],
        SustainableDevelopmentGoals = [.. (m.SustainableDevelopmentGoals ?? []).Select(g => g.ToString(CultureInfo.InvariantCulture))],
    };

    /// <summary>
    /// The form over the dataset's current description: what the form does not show (original IRI, identifier,
    /// original publisher, series) is kept. Values a form cannot carry (a malformed date) are named in
    /// <paramref name="errors"/> by the same field names the API uses.
    /// </summary>
    public DatasetMetadataInput ToInput(DatasetMetadataInput current, IDictionary<string, string> errors)
    {
        var start = Date(TemporalStart, errors);
        var end = Date(TemporalEnd, errors);
        var goals = new List<int>();
        foreach (var goal in SustainableDevelopmentGoals)
            if (int.TryParse(goal, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) goals.Add(number);
            else errors.TryAdd("sustainableDevelopmentGoals", Labels.L($"'{goal}' är inget Agenda 2030-mål (1–17).", $"'{goal}' is not an Agenda 2030 goal (1–17)."));
        return current with
        {
            Title = Title, TitleEn = Blank(TitleEn), Description = Description, DescriptionEn = Blank(DescriptionEn),
            Keywords = Words(Keywords), KeywordsEn = Words(KeywordsEn), Themes = [.. Themes.Distinct()],
            License = Blank(License), AccessRights = Blank(AccessRights),
            Contact = new ContactInput(Blank(ContactName), Blank(ContactEmail), Blank(ContactPhone),
                new AddressInput(Blank(ContactStreet), Blank(ContactPostalCode), Blank(ContactLocality))),
            Temporal = start is null && end is null ? null : new TemporalInput(start, end),
            Spatial = Lines(Spatial), ConformsTo = Lines(ConformsTo), Documentation = Lines(Documentation),
            LandingPage = Blank(LandingPage), UpdateFrequency = Blank(UpdateFrequency),
            IsHighValue = IsHighValue, HvdCategories = IsHighValue ? [.. HvdCategories.Distinct()] : [],
            SustainableDevelopmentGoals = [.. goals.Distinct().Order()],
        };
    }

    private static DateOnly? Date(string? text, IDictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.TryAdd("temporal", Labels.L($"'{text.Trim()}' är inget datum; skriv det som 2020-01-31.", $"'{text.Trim()}' is not a date; write it as 2020-01-31."));
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Words(string? text) =>
        [.. (text ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static List<string> Lines(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
