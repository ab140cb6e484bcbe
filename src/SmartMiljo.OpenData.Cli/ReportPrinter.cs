using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Cli;

/// <summary>Prints a validation report as a readable summary and tables.</summary>
internal static class ReportPrinter
{
    private const int IssuesShown = 25;

    public static void Print(ValidationReport report, string target, Specification spec, bool english, TextWriter o)
    {
        string T(string sv, string en) => english ? en : sv;
        o.WriteLine($"{T("Fil", "File"),-16}{target}");
        o.WriteLine($"{T("Specifikation", "Specification"),-16}{spec.Id} {spec.Version} ({(english ? spec.TitleEn ?? spec.Title : spec.Title)})");
        var facts = string.Join(", ", report.Facts.Select(f => $"{f.Key}: {f.Value}"));
        if (facts.Length > 0) o.WriteLine($"{T("Läsning", "Reading"),-16}{facts}");
        o.WriteLine($"{T("Rader", "Rows"),-16}{report.RowsRead:N0} {T("lästa", "read")}, {report.RowsValid:N0} {T("giltiga", "valid")}, {report.RowsInvalid:N0} {T("ogiltiga", "invalid")}");
        o.WriteLine($"{T("Poäng", "Score"),-16}{report.Score:0.00}");
        o.WriteLine($"{T("Bedömning", "Verdict"),-16}{Verdict(report.Verdict, english)}");
        o.WriteLine();
        if (report.Totals.Count == 0)
        {
            o.WriteLine(T("Inga fel eller anmärkningar.", "No errors or warnings."));
            return;
        }

        var severities = report.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Max(e => e.Severity));
        Table(o, [T("Kod", "Code"), T("Antal", "Count"), T("Allvar", "Severity")],
            report.Totals.OrderByDescending(t => severities.GetValueOrDefault(t.Key)).ThenByDescending(t => t.Value)
                .Select(t => new[] { t.Key, t.Value.ToString("N0"), Severity(severities.GetValueOrDefault(t.Key), english) }).ToList(),
            rightAligned: 1);
        o.WriteLine();

        var shown = report.Errors.Take(IssuesShown).ToList();
        Table(o, [T("Rad", "Row"), T("Kolumn", "Column"), T("Kod", "Code"), T("Meddelande", "Message")],
            shown.Select(e => new[]
            {
                e.Row?.ToString() ?? "",
                e.Column ?? (e.ColumnNumber is { } n ? "#" + n : ""),
                e.Code,
                (english ? e.MessageEn : e.Message) + ((english ? e.HintEn : e.Hint) is { } hint ? "  → " + hint : ""),
            }).ToList(), rightAligned: 0);
        var total = report.Totals.Values.Sum();
        if (total > shown.Count)
            o.WriteLine(T($"… och {total - shown.Count:N0} till (--format json visar upp till 100 per kod).",
                $"… and {total - shown.Count:N0} more (--format json shows up to 100 per code)."));
    }

    private static string Verdict(ValidationVerdict v, bool english) => v switch
    {
        ValidationVerdict.Publishable => english ? "publishable" : "kan publiceras",
        ValidationVerdict.PublishableWithWarnings => english ? "publishable with warnings" : "kan publiceras med anmärkningar",
        _ => english ? "BLOCKED: fix the errors first" : "STOPPAD: rätta felen först",
    };

    private static string Severity(IssueSeverity s, bool english) => s switch
    {
        IssueSeverity.Blocking => english ? "blocking" : "stoppande",
        IssueSeverity.Error => english ? "error" : "fel",
        _ => english ? "warning" : "anmärkning",
    };

    private static void Table(TextWriter o, string[] header, IReadOnlyList<string[]> rows, int rightAligned)
    {
        const int maxWidth = 40;
        var widths = header.Select((h, i) => i == header.Length - 1 ? 0 : Math.Min(maxWidth, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) =>
        {
            if (i == cells.Length - 1) return c;
            var text = c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c;
            return i == rightAligned ? text.PadLeft(widths[i]) : text.PadRight(widths[i]);
        }));
        o.WriteLine(Line(header));
        o.WriteLine(string.Join("  ", widths.Select((w, i) => new string('-', i == widths.Length - 1 ? Math.Max(header[i].Length, 10) : w))));
        foreach (var r in rows) o.WriteLine(Line(r));
    }
}
