using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>Access rights from the EU table: PUBLIC, RESTRICTED or NON_PUBLIC.</summary>
public static class AccessRightsRule
{
    public static MetadataProblem? Check(string field, string? value) =>
        value is null or "PUBLIC" or "RESTRICTED" or "NON_PUBLIC" ? null : new MetadataProblem(field, value,
            $"Åtkomsträttigheten '{value}' finns inte; använd PUBLIC, RESTRICTED eller NON_PUBLIC.",
            $"The access right '{value}' does not exist; use PUBLIC, RESTRICTED or NON_PUBLIC.");
}

/// <summary>High-value dataset categories of the EU implementing regulation (c_… codes), at least one for an HVD.</summary>
public static class HvdCategoryRule
{
    public static MetadataProblem? Check(string field, string? value)
    {
        if (value is null) return null;
        var code = value.Trim();
        if (code.StartsWith(DcatVocabularies.HvdCategoryNamespace, StringComparison.Ordinal)) code = code[DcatVocabularies.HvdCategoryNamespace.Length..];
        return DcatLabels.IsKnownHvdCategory(DcatVocabularies.HvdCategoryNamespace + code) ? null : new MetadataProblem(field, TextRule.Shorten(value),
            $"'{TextRule.Shorten(value)}' är ingen HVD-kategori (t.ex. c_dd313021 Jordobservation och miljö).",
            $"'{TextRule.Shorten(value)}' is not an HVD category (e.g. c_dd313021 Earth observation and environment).");
    }

    public static MetadataProblem? CheckPresent(string field, bool isHighValue, int categories) =>
        isHighValue && categories == 0 ? new MetadataProblem(field, null,
            "En värdefull datamängd (HVD) behöver minst en HVD-kategori.", "A high-value dataset needs at least one HVD category.") : null;
}

/// <summary>Agenda 2030 goals are numbered 1–17.</summary>
public static class SustainableDevelopmentGoalRule
{
    public static MetadataProblem? Check(string field, int goal) =>
        goal is >= 1 and <= 17 ? null : new MetadataProblem(field, goal.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Agenda 2030 har mål 1–17; {goal} finns inte.", $"Agenda 2030 has goals 1–17; {goal} does not exist.");
}

/// <summary>EU frequency codes (DAILY, MONTHLY, …) for dct:accrualPeriodicity.</summary>
public static class FrequencyRule
{
    public static MetadataProblem? Check(string field, string? value) =>
        value is null || DcatVocabularies.Frequencies.Contains(value.Trim().ToUpperInvariant()) ? null : new MetadataProblem(field, value,
            $"'{value}' är ingen uppdateringsfrekvens i EU:s lista (t.ex. DAILY, MONTHLY).", $"'{value}' is not an update frequency of the EU list (e.g. DAILY, MONTHLY).");
}
