using System.Globalization;
using System.Text;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>URL segments for datasets created from catalogue records.</summary>
internal static class Slugs
{
    public static string From(string title)
    {
        var builder = new StringBuilder();
        foreach (var c in title.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue; // å → a, ö → o
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
            if (builder.Length >= 60) break;
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "datamangd" : slug;
    }
}
