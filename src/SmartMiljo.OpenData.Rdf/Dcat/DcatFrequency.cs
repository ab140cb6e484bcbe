using System.Globalization;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// Derives the EU update-frequency code from a harvest schedule in cron syntax. The number of runs per year
/// the expression allows is mapped to the nearest frequency (on a logarithmic scale) among those
/// DCAT-AP-SE accepts: more than twice a day is UPDATE_CONT, weekdays-only is DAILY, and so on.
/// </summary>
public static class DcatFrequency
{
    // Runs per year of each code, from most to least frequent.
    private static readonly (string Code, double RunsPerYear)[] Scale =
    [
        ("DAILY_2", 730), ("DAILY", 365), ("WEEKLY_3", 156), ("WEEKLY_2", 104), ("WEEKLY", 52),
        ("MONTHLY_3", 36), ("MONTHLY_2", 24), ("MONTHLY", 12), ("BIMONTHLY", 6), ("QUARTERLY", 4),
        ("ANNUAL_3", 3), ("ANNUAL_2", 2), ("ANNUAL", 1),
    ];

    /// <summary>
    /// The EU frequency code (e.g. <c>DAILY</c>) for a 5-field cron expression (minute hour day-of-month month
    /// day-of-week), a 6-field one with seconds first, or a macro (@hourly, @daily, @weekly, @monthly, @yearly).
    /// Throws <see cref="FormatException"/> for an expression that is not cron.
    /// </summary>
    public static string FrequencyFromCron(string cron)
    {
        if (!TryFrequencyFromCron(cron, out var code, out var error)) throw new FormatException(error);
        return code;
    }

    public static bool TryFrequencyFromCron(string? cron, out string code, out string? error)
    {
        code = "UNKNOWN";
        error = null;
        if (string.IsNullOrWhiteSpace(cron)) { error = "The cron expression is empty."; return false; }
        var text = cron.Trim();
        switch (text.ToLowerInvariant())
        {
            case "@reboot": code = "IRREG"; return true;
            case "@yearly" or "@annually": text = "0 0 1 1 *"; break;
            case "@monthly": text = "0 0 1 * *"; break;
            case "@weekly": text = "0 0 * * 0"; break;
            case "@daily" or "@midnight": text = "0 0 * * *"; break;
            case "@hourly": text = "0 * * * *"; break;
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6) fields = fields[1..]; // seconds do not change the frequency class
        if (fields.Length != 5) { error = $"'{cron}' is not a cron expression: expected 5 fields (minute hour day month weekday), got {fields.Length}."; return false; }

        try
        {
            int minutes = CronField.Count(fields[0], 0, 59, null, "minute");
            int hours = CronField.Count(fields[1], 0, 23, null, "hour");
            bool domAny = CronField.IsUnrestricted(fields[2]);
            bool dowAny = CronField.IsUnrestricted(fields[4]);
            int daysOfMonth = CronField.Count(fields[2], 1, 31, null, "day of month");
            int months = CronField.Count(fields[3], 1, 12, CronField.MonthNames, "month");
            int weekdays = CronField.CountWeekdays(fields[4]);

            double runsPerDay = minutes * hours;
            double monthFraction = months / 12.0;
            // Cron runs when either restricted day field matches (OR), so the larger count wins.
            double daysPerYear = (domAny, dowAny) switch
            {
                (true, true) => 365 * monthFraction,
                (false, true) => daysOfMonth * months,
                (true, false) => weekdays * 52 * monthFraction,
                _ => Math.Min(365 * monthFraction, daysOfMonth * months + weekdays * 52 * monthFraction),
            };
            double runsPerYear = runsPerDay * daysPerYear;
            code = Classify(runsPerYear, runsPerDay);
            return true;
        }
        catch (FormatException e)
        {
            error = $"'{cron}': {e.Message}";
            return false;
        }
    }

    private static string Classify(double runsPerYear, double runsPerDay)
    {
        if (runsPerDay > 2 && runsPerYear > 730) return "UPDATE_CONT";
        if (runsPerYear <= 0) return "NEVER";
        var best = Scale[0];
        double bestDistance = double.MaxValue;
        foreach (var entry in Scale)
        {
            double distance = Math.Abs(Math.Log(runsPerYear / entry.RunsPerYear));
            if (distance < bestDistance) { best = entry; bestDistance = distance; }
        }
        return best.Code;
    }

    private static class CronField
    {
        public static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
        private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

        public static bool IsUnrestricted(string field) => field is "*" or "?";

        public static int CountWeekdays(string field)
        {
            // 0 and 7 are both Sunday.
            var days = Expand(field, 0, 7, DayNames, "day of week");
            return days.Select(d => d % 7).Distinct().Count();
        }

        public static int Count(string field, int min, int max, string[]? names, string what) => Expand(field, min, max, names, what).Count;

        private static HashSet<int> Expand(string field, int min, int max, string[]? names, string what)
        {
            var values = new HashSet<int>();
            foreach (var part in field.Split(','))
            {
                if (part.Length == 0) throw new FormatException($"empty list item in the {what} field");
                var rangeAndStep = part.Split('/');
                if (rangeAndStep.Length > 2) throw new FormatException($"'{part}' in the {what} field has more than one '/'");
                int step = 1;
                if (rangeAndStep.Length == 2 && (!int.TryParse(rangeAndStep[1], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
                    throw new FormatException($"bad step '{rangeAndStep[1]}' in the {what} field");

                int from, to;
                var range = rangeAndStep[0];
                if (range is "*" or "?") { from = min; to = names == DayNames ? 6 : max; }
                else
                {
                    var bounds = range.Split('-');
                    if (bounds.Length > 2) throw new FormatException($"bad range '{range}' in the {what} field");
                    from = Value(bounds[0], min, max, names, what);
                    to = bounds.Length == 2 ? Value(bounds[1], min, max, names, what) : (rangeAndStep.Length == 2 ? max : from);
                    if (to < from) throw new FormatException($"range '{range}' runs backwards in the {what} field");
                }
                for (int v = from; v <= to; v += step) values.Add(v);
            }
            return values;
        }

        private static int Value(string token, int min, int max, string[]? names, string what)
        {
            if (names is not null)
            {
                int index = Array.FindIndex(names, n => n.Equals(token, StringComparison.OrdinalIgnoreCase));
                if (index >= 0) return index + min;
            }
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw new FormatException($"'{token}' is not a valid {what} ({min}–{max})");
            return value;
        }
    }
}
