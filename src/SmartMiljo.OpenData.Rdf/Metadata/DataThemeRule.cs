using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Rdf.Metadata;

/// <summary>A theme from the EU data-theme list (dcat:theme), as its code (ENVI) or its full authority IRI.</summary>
public static class DataThemeRule
{
    public const string ThemeNamespace = DcatVocabularies.EuAuthority + "data-theme/";

    public static MetadataProblem? Check(string field, string? value) =>
        Normalise(value) is not null ? null : new MetadataProblem(field, value is null ? null : TextRule.Shorten(value),
            $"'{value}' är inget tema i EU:s lista över datateman. Välj bland {string.Join(", ", DcatVocabularies.DataThemes.Order())}.",
            $"'{value}' is not a theme of the EU data-theme list. Choose among {string.Join(", ", DcatVocabularies.DataThemes.Order())}.");

    /// <summary>The theme's code (e.g. <c>ENVI</c>) when it is on the EU list, else null.</summary>
    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var code = value.Trim();
        if (code.StartsWith(ThemeNamespace, StringComparison.Ordinal)) code = code[ThemeNamespace.Length..];
        code = code.ToUpperInvariant();
        return DcatVocabularies.DataThemes.Contains(code) ? code : null;
    }
}
