using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// RFC 4180 CSV: comma separated, CRLF line ends, fields quoted only when needed, header row of
/// field names, UTF-8 (<see cref="DelimitedText"/>). The plain file is exactly the data. The Excel variant is
/// the same file with a byte-order mark, so that Excel recognises the encoding when the file is double-clicked,
/// and with <see cref="SpreadsheetFormulaGuard"/> applied to its text cells.
/// </summary>
public sealed class CsvExportFormat : IExportFormat
{
    private static readonly DelimitedText Commas = new(',');

    private CsvExportFormat(string key, string extension, bool forSpreadsheets)
    {
        Key = key;
        Extension = extension;
        WritesByteOrderMark = forSpreadsheets;
    }

    public static CsvExportFormat Plain { get; } = new("csv", "csv", forSpreadsheets: false);
    public static CsvExportFormat ExcelFriendly { get; } = new("csv-bom", "excel.csv", forSpreadsheets: true);

    public string Key { get; }
    public string Extension { get; }
    public string MediaType => "text/csv; charset=utf-8";

    /// <summary>The Excel variant: a byte-order mark and guarded formula cells.</summary>
    public bool WritesByteOrderMark { get; }

    public bool Applies(TableLayout layout) => layout.Schema.Fields.Count > 0;

    public Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct) =>
        WriteAsync(output, context, rows, formulaCells: null, ct);

    /// <param name="formulaCells">For the plain CSV: where the cells start that the Excel variant guards, so
    /// the Excel file can be derived from this one (<see cref="ExcelCsvView"/>).</param>
    public Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, FormulaCellPositions? formulaCells,
        CancellationToken ct)
    {
        var schema = context.Layout.Schema;
        // A null must come back as missing when read with the schema, so use its first missing-value marker.
        var missing = schema.MissingValues.Count > 0 ? schema.MissingValues[0] : "";
        return Commas.WriteAsync(output, schema.Fields, rows, WritesByteOrderMark, CellText.Format, missing,
            guardFormulas: WritesByteOrderMark, WritesByteOrderMark ? null : formulaCells, ct);
    }
}
