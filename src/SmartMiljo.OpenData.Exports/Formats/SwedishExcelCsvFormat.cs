using System.Text;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Text;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// CSV as Excel with a Swedish locale opens it on a double-click: cells separated by <c>;</c> (the list
/// separator of a Swedish Windows), numbers with a decimal comma, UTF-8 with a byte-order mark so å, ä and ö
/// survive, CRLF line ends, and text that Excel would run as a formula kept as text with a leading <c>'</c>.
/// The plain comma-separated CSV stays the exact, machine-readable file; this one is for people.
/// </summary>
public sealed class SwedishExcelCsvFormat : IExportFormat
{
    private const int FlushThresholdChars = 32 * 1024;
    private const char Separator = ';';

    public string Key => "csv-excel-sv";
    public string Extension => "excel-sv.csv";
    public string MediaType => "text/csv; charset=utf-8";

    public bool Applies(Core.Tabular.TableLayout layout) => layout.Schema.Fields.Count > 0;

    public async Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var fields = context.Layout.Schema.Fields;
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        var line = new StringBuilder(1024);
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) line.Append(Separator);
            AppendCell(line, Text(fields[i].Name));
        }
        line.Append("\r\n");

        await foreach (var row in rows.WithCancellation(ct))
        {
            RowShape.Check(row, fields.Count);
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0) line.Append(Separator);
                AppendCell(line, Cell(row[i], fields[i]));
            }
            line.Append("\r\n");
            if (line.Length >= FlushThresholdChars)
            {
                await writer.WriteAsync(line, ct);
                line.Clear();
            }
        }
        await writer.WriteAsync(line, ct);
        await writer.FlushAsync(ct);
    }

    /// <summary>A cell as Swedish Excel reads it: empty for a missing value (Excel has no marker), decimals
    /// with a comma, everything else in its canonical text.</summary>
    public static string Cell(object? value, FieldDefinition field) => value switch
    {
        null => "",
        double d when double.IsFinite(d) => d.ToString("R", NumberFormats.Swedish),
        decimal m => m.ToString(NumberFormats.Swedish),
        string s => Text(s),
        var other => CellText.Format(other, field),
    };

    private static string Text(string text) => CellText.LooksLikeFormula(text) ? "'" + text : text;

    private static void AppendCell(StringBuilder line, string text)
    {
        if (!NeedsQuotes(text))
        {
            line.Append(text);
            return;
        }
        line.Append('"');
        foreach (var c in text)
        {
            if (c == '"') line.Append('"');
            line.Append(c);
        }
        line.Append('"');
    }

    private static bool NeedsQuotes(string text) =>
        text.Length > 0 && (text[0] == ' ' || text[^1] == ' ' || text.AsSpan().IndexOfAny(";\"\r\n") >= 0);
}
