using System.Text.RegularExpressions;

namespace SmartMiljo.OpenData.Application;

/// <summary>Checks on what publishers type in, with messages that say how to fix it.</summary>
public static partial class InputRules
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex SlugPattern();

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    /// <summary>Turns a name into a URL segment: "Badplatser i Mariestad" → "badplatser-i-mariestad".</summary>
    public static string Slugify(string name)
    {
        var chars = new List<char>();
        foreach (var raw in name.Trim().ToLowerInvariant())
        {
            var c = raw switch { 'å' or 'ä' => 'a', 'ö' => 'o', 'é' => 'e', _ => raw };
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') chars.Add(c);
            else if (chars.Count > 0 && chars[^1] != '-') chars.Add('-');
        }
        var slug = new string(chars.ToArray()).Trim('-');
        if (slug.Length > 64) slug = slug[..64].Trim('-');
        return slug.Length == 0 ? "dataset" : slug;
    }

    /// <summary>A Swedish organisationsnummer: ten digits whose last is a Luhn check digit.</summary>
    public static bool IsOrganisationNumber(string? value)
    {
        if (value is null || value.Length != 10 || !value.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = (value[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return sum % 10 == 0;
    }

    /// <summary>A cron expression Hangfire accepts (five fields, or six with seconds).</summary>
    public static bool IsCron(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value)) { error = "The schedule is empty."; return false; }
        try
        {
            var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            Cronos.CronExpression.Parse(value, fields == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard);
            return true;
        }
        catch (Cronos.CronFormatException ex)
        {
            error = $"'{value}' is not a cron expression: {ex.Message} Example: '0 3 * * *' (every night at 03:00).";
            return false;
        }
    }
}
