using System.Text;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// RFC 4180 CSV: comma separated, CRLF line ends, fields quoted only when needed, header row of
/// field names, UTF-8. The BOM variant is the same file with a byte-order mark so that Excel
/// recognises the encoding when the file is double-clicked. The Excel variant also puts a <c>'</c> before text
/// cells that Excel would run as formulas (<see cref="CellText.LooksLikeFormula"/>); the plain CSV stays exact.
/// </summary>
public sealed class CsvExportFormat : IExportFormat
{
    private const int FlushThresholdChars = 32 * 1024;

    private CsvExportFormat(string key, string extension, bool byteOrderMark)
    {
        Key = key;
        Extension = extension;
        WritesByteOrderMark = byteOrderMark;
    }

    public static CsvExportFormat Plain { get; } = new("csv", "csv", byteOrderMark: false);
    public static CsvExportFormat ExcelFriendly { get; } = new("csv-bom", "excel.csv", byteOrderMark: true);

    public string Key { get; }
    public string Extension { get; }
    public string MediaType => "text/csv; charset=utf-8";
    public bool WritesByteOrderMark { get; }

    public bool Applies(TableLayout layout) => layout.Schema.Fields.Count > 0;

    public async Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var schema = context.Layout.Schema;
        var fields = schema.Fields;
        // A null must come back as missing when read with the schema, so use its first missing-value marker.
        var missing = schema.MissingValues.Count > 0 ? schema.MissingValues[0] : "";

        await using var writer = new StreamWriter(output, new UTF8Encoding(WritesByteOrderMark), 64 * 1024, leaveOpen: true);
        var line = new StringBuilder(1024);

        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) line.Append(',');
            AppendCell(line, WritesByteOrderMark && CellText.LooksLikeFormula(fields[i].Name) ? "'" + fields[i].Name : fields[i].Name);
        }
        line.Append("\r\n");

        await foreach (var row in rows.WithCancellation(ct))
        {
            RowShape.Check(row, fields.Count);
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0) line.Append(',');
                AppendCell(line, row[i] switch
                {
                    null => missing,
                    string text when WritesByteOrderMark && CellText.LooksLikeFormula(text) => "'" + text,
                    var value => CellText.Format(value, fields[i]),
                });
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

    /// <summary>Quotes a cell when it holds a separator, quote or line break, or edge spaces that readers trim.</summary>
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

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0) return false;
        if (text[0] == ' ' || text[^1] == ' ') return true;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0;
    }
}
