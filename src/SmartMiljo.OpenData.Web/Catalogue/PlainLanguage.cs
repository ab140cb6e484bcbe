using System.Globalization;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Text;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Web.Catalogue.Labels;

namespace SmartMiljo.OpenData.Web.Catalogue;

/// <summary>
/// The one place that names the system's states for people, in Swedish and English: run statuses,
/// what started a run, stages, source kinds, issue severities, harvest schedules and counts. Pages
/// never print an enum or a cron string; they ask here.
/// </summary>
public static class PlainLanguage
{
    public static string RunStatus(HarvestRunStatus status) => status switch
    {
        HarvestRunStatus.Running => L("Pågår", "Running"),
        HarvestRunStatus.Succeeded => L("Lyckades", "Succeeded"),
        HarvestRunStatus.SucceededWithWarnings => L("Lyckades, med anmärkningar", "Succeeded, with remarks"),
        HarvestRunStatus.Unchanged => L("Oförändrad – ingen ny version behövdes", "Unchanged – no new version was needed"),
        HarvestRunStatus.Failed => L("Misslyckades", "Failed"),
        HarvestRunStatus.HeldForReview => L("Väntar på granskning", "Held for review"),
        _ => status.ToString(),
    };

    /// <summary>What started a run (the trigger strings the scheduler and the use cases write).</summary>
    public static string Trigger(string? trigger) => trigger switch
    {
        "schedule" => L("Enligt schemat", "On schedule"),
        "web" => L("Startad på webben", "Started on the web"),
        "manual" => L("Startad för hand (API)", "Started by hand (API)"),
        "upload" => L("Ny fil uppladdad", "New file uploaded"),
        "registration" => L("Första hämtningen", "First harvest"),
        "source-changed" => L("Källan ändrades", "The source was changed"),
        "startup" => L("När tjänsten startade", "When the service started"),
        "approval" => L("Efter godkännande", "After approval"),
        null or "" => "–",
        _ => trigger,
    };

    public static string Stage(HarvestStage stage) => stage switch
    {
        HarvestStage.Gather => L("Lista källans innehåll", "List the source's items"),
        HarvestStage.Fetch => L("Hämta", "Fetch"),
        HarvestStage.Validate => L("Kontrollera", "Check"),
        HarvestStage.Stage => L("Läsa in", "Load"),
        HarvestStage.Diff => L("Jämföra med förra versionen", "Compare with the last version"),
        HarvestStage.Publish => L("Publicera", "Publish"),
        HarvestStage.Downloads => L("Skapa nedladdningsfiler", "Make download files"),
        _ => stage.ToString(),
    };

    public static string Outcome(StageOutcome outcome) => outcome switch
    {
        StageOutcome.Succeeded => L("Klart", "Done"),
        StageOutcome.Skipped => L("Hoppades över", "Skipped"),
        StageOutcome.Failed => L("Misslyckades", "Failed"),
        _ => outcome.ToString(),
    };

    public static string Kind(SourceKind kind) => kind switch
    {
        SourceKind.Csv => L("CSV-fil", "CSV file"),
        SourceKind.GeoJson => "GeoJSON",
        SourceKind.Xlsx => "Excel (XLSX)",
        SourceKind.JsonApi => L("JSON-API", "JSON API"),
        SourceKind.Wfs => L("WFS-tjänst", "WFS service"),
        SourceKind.ArcGis => L("ArcGIS-tjänst", "ArcGIS service"),
        SourceKind.Dcat => L("DCAT-katalog", "DCAT catalogue"),
        SourceKind.Ckan => L("CKAN-katalog", "CKAN catalogue"),
        SourceKind.FileDrop => L("Filkatalog", "File drop folder"),
        SourceKind.Kolada => L("Kolada (nyckeltal)", "Kolada (key figures)"),
        SourceKind.PxWeb => L("SCB:s statistikdatabas (PxWeb)", "Statistics Sweden's database (PxWeb)"),
        _ => kind.ToString(),
    };

    /// <summary>The badge of an issue's weight: blocking stops publication, an error leaves its row out,
    /// a note changes nothing that is published.</summary>
    public static string Severity(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Blocking => L("Stoppar publicering", "Blocks publishing"),
        IssueSeverity.Error => L("Fel", "Error"),
        _ => L("Anmärkning", "Note"),
    };

    /// <summary>A download's format as people know it; the two CSV files for Excel say which Excel they suit.</summary>
    public static string DownloadFormat(string extension) => extension switch
    {
        "excel-sv.csv" => L("CSV för Excel", "CSV for Swedish Excel"),
        "excel.csv" => L("CSV för engelskspråkig Excel", "CSV for Excel"),
        _ => extension.ToUpperInvariant(),
    };

    // ---- Numbers ----

    /// <summary>"2 000" (non-breaking space) in Swedish, "2,000" in English.</summary>
    public static string Number(long value) => NumberFormats.Whole(value, English);

    /// <summary>A count with its noun in the right number: "1 rad", "2 rader"; "1 row", "2 rows".</summary>
    public static string Count(long value, string swedishOne, string swedishMany, string englishOne, string englishMany) =>
        English ? NumberFormats.CountEn(value, englishOne, englishMany) : NumberFormats.CountSv(value, swedishOne, swedishMany);

    public static string Rows(long value) => Count(value, "rad", "rader", "row", "rows");

    /// <summary>What a listed dataset holds here: its rows, or, for a harvested catalogue record, that its data is at its source.</summary>
    public static string Holding(CatalogueEntry entry) =>
        entry.RecordOnly ? Labels.L("katalogpost, data finns hos källan", "catalogue record, the data is at its source") : Rows(entry.RowCount);

    // ---- Schedules ----

    /// <summary>A harvest schedule in words: "varje natt kl. 03" / "every night at 03:00". Schedules written
    /// by hand that fit no pattern are given as they are, said to be a custom schedule.</summary>
    public static string Schedule(string cron)
    {
        var parts = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 6) parts = parts[1..]; // a leading seconds field changes nothing people need to know
        if (parts.Length == 5 && Whole(parts[0], 59) is { } minute)
        {
            var (hourText, dayOfMonth, month, dayOfWeek) = (parts[1], parts[2], parts[3], parts[4]);
            if (hourText == "*" && dayOfMonth == "*" && month == "*" && dayOfWeek == "*")
                return minute == 0 ? L("varje timme", "every hour")
                    : L($"varje timme, {minute} minuter över", $"every hour, {minute} minutes past");
            if (Whole(hourText, 23) is { } hour && month == "*")
            {
                var sv = $"kl. {hour:00}" + (minute == 0 ? "" : $".{minute:00}");
                var en = $"at {hour:00}:{minute:00}";
                var night = hour < 6;
                if (dayOfMonth == "*" && dayOfWeek == "*")
                    return night ? L($"varje natt {sv}", $"every night {en}") : L($"varje dag {sv}", $"every day {en}");
                if (dayOfMonth == "*" && Whole(dayOfWeek, 7) is { } weekday)
                    return L($"varje {WeekdaySv[weekday % 7]} {sv}", $"every {WeekdayEn[weekday % 7]} {en}");
                if (dayOfWeek == "*" && Whole(dayOfMonth, 31) is { } day && day >= 1)
                    return L($"den {day}:{(day % 10 is 1 or 2 && day % 100 is not (11 or 12) ? "a" : "e")} varje månad {sv}",
                        $"on day {day} of every month {en}");
            }
        }
        return L($"enligt ett eget schema ({cron})", $"on a custom schedule ({cron})");
    }

    /// <summary>When the schedule next starts a harvest after <paramref name="now"/>, in the harvester's
    /// time zone; null when the schedule cannot be read.</summary>
    public static DateTimeOffset? NextRun(string cron, DateTimeOffset now, TimeZoneInfo zone)
    {
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            var expression = Cronos.CronExpression.Parse(cron.Trim(), fields == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard);
            return expression.GetNextOccurrence(now, zone);
        }
        catch (Cronos.CronFormatException) { return null; }
    }

    private static readonly string[] WeekdaySv = ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"];
    private static readonly string[] WeekdayEn = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static int? Whole(string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max ? value : null;
}
