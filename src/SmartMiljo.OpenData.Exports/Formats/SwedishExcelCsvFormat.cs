using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Text;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// CSV as Excel with a Swedish locale opens it on a double-click: cells separated by <c>;</c> (the list
/// separator of a Swedish Windows), numbers with a decimal comma, UTF-8 with a byte-order mark so å, ä and ö
/// survive, CRLF line ends (<see cref="DelimitedText"/>), and <see cref="SpreadsheetFormulaGuard"/> on text cells.
/// The plain comma-separated CSV stays the exact, machine-readable file; this one is for people.
/// </summary>
public sealed class SwedishExcelCsvFormat : IExportFormat
{
    private static readonly DelimitedText Semicolons = new(';');

    public string Key => "csv-excel-sv";
    public string Extension => "excel-sv.csv";
    public string MediaType => "text/csv; charset=utf-8";

    public bool Applies(Core.Tabular.TableLayout layout) => layout.Schema.Fields.Count > 0;

    // A missing value is an empty cell: Excel has no marker.
    public Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct) =>
        Semicolons.WriteAsync(output, context.Layout.Schema.Fields, rows, byteOrderMark: true, Cell, missing: "",
            guardFormulas: true, formulaCells: null, ct);

    /// <summary>A non-text value as Swedish Excel reads it: decimals with a comma, everything else in its canonical text.</summary>
    private static string Cell(object value, FieldDefinition field) => value switch
    {
        double d when double.IsFinite(d) => d.ToString("R", NumberFormats.Swedish),
        decimal m => m.ToString(NumberFormats.Swedish),
        var other => CellText.Format(other, field),
    };
}
