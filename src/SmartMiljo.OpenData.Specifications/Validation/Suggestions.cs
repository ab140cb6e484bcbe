using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>"Did you mean" for column names and enum values: edit distance on normalised names.</summary>
internal static class Suggestions
{
    public static string? Closest(string name, IEnumerable<string> candidates, int maxDistance = -1)
    {
        var normalised = TableLayout.ToIdentifier(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var c = TableLayout.ToIdentifier(candidate);
            var limit = maxDistance >= 0 ? maxDistance : Math.Max(1, Math.Min(c.Length, normalised.Length) / 3);
            var contained = Math.Min(c.Length, normalised.Length) >= 4 && (c.Contains(normalised) || normalised.Contains(c));
            var d = c == normalised ? 0 : contained ? 1 : Distance(normalised, c);
            if (d <= limit && d < bestDistance) { best = candidate; bestDistance = d; }
        }
        return best;
    }

    /// <summary>Edit distance counting a swap of two neighbouring letters as one edit
    /// ("nmae" is one slip from "name"), the commonest typing error in headers.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    public static string Shorten(string? value, int max = 120) =>
        value is null ? "" : value.Length <= max ? value : value[..max] + "…";
}
