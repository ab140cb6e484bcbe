using System.IO.Compression;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports.Formats.Xlsx;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// Excel workbook with one "Data" sheet: a bold, frozen header row of column names (the same identifiers
/// as OData and every other format) and typed cells (numbers, booleans, real Excel dates), then a
/// "Kolumner (Columns)" sheet giving each column's header in the source, type and description. The package is assembled directly in a forward-only zip
/// and each sheet is streamed with OpenXmlWriter, so memory does not grow with the row count
/// (the Open XML SDK's own package needs a seekable stream and buffers parts in memory).
/// Tables longer than Excel's sheet limit continue on "Data 2", "Data 3", ….
/// </summary>
public sealed class XlsxExportFormat : IExportFormat
{
    /// <summary>Excel's row limit per sheet, header included.</summary>
    public const int MaxRowsPerSheet = 1_048_576;

    private readonly int _maxRowsPerSheet;

    public XlsxExportFormat() : this(MaxRowsPerSheet) { }

    /// <summary>A smaller sheet limit lets tests exercise sheet rollover.</summary>
    internal XlsxExportFormat(int maxRowsPerSheet) => _maxRowsPerSheet = maxRowsPerSheet;

    public string Key => "xlsx";
    public string Extension => "xlsx";
    public string MediaType => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public bool Applies(TableLayout layout) => layout.Schema.Fields.Count > 0;

    public async Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var fields = context.Layout.Schema.Fields;
        using var spool = new SpooledOutput(output);
        using (var zip = new ZipArchive(spool, ZipArchiveMode.Create, leaveOpen: true))
        {
            var sheetCount = 1;
            var sheet = new XlsxSheetWriter(zip, sheetCount, fields);
            try
            {
                await foreach (var row in rows.WithCancellation(ct))
                {
                    RowShape.Check(row, fields.Count);
                    if (sheet.RowCount >= _maxRowsPerSheet)
                    {
                        sheet.Dispose();
                        sheet = new XlsxSheetWriter(zip, ++sheetCount, fields);
                    }
                    sheet.WriteRow(row);
                    await spool.DrainIfFullAsync(ct);
                }
            }
            finally
            {
                sheet.Dispose();
            }
            WriteColumnsSheet(zip, sheetCount + 1, context);
            XlsxPackageParts.Write(zip, sheetCount, context);
        }
        await spool.DrainAsync(ct);
    }

    private static readonly FieldDefinition[] ColumnsSheetFields =
    [
        new() { Name = "Kolumn / Column" },
        new() { Name = "Rubrik i källan / Source header" },
        new() { Name = "Typ / Type" },
        new() { Name = "Beskrivning / Description" },
    ];

    private static void WriteColumnsSheet(ZipArchive zip, int sheetNumber, ExportContext context)
    {
        var layout = context.Layout;
        using var sheet = new XlsxSheetWriter(zip, sheetNumber, ColumnsSheetFields);
        for (var i = 0; i < layout.ColumnNames.Count; i++)
        {
            var field = layout.Schema.Fields[i];
            var description = field.Description ?? field.DescriptionEn;
            sheet.WriteRow([layout.ColumnNames[i], layout.LabelOf(i), FieldTypeClr.TableSchemaName(field.Type), description]);
        }
    }
}
