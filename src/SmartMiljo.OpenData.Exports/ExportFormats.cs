using SmartMiljo.OpenData.Exports.Formats;

namespace SmartMiljo.OpenData.Exports;

/// <summary>The download formats generated for every published version.</summary>
public static class ExportFormats
{
    public static IExportFormat Csv => CsvExportFormat.Plain;
    public static IExportFormat CsvForExcel => CsvExportFormat.ExcelFriendly;

    /// <summary>For Excel with a Swedish locale: <c>;</c> between cells and decimal commas.</summary>
    public static IExportFormat CsvForSwedishExcel { get; } = new SwedishExcelCsvFormat();
    public static IExportFormat Json { get; } = new JsonExportFormat();
    public static IExportFormat GeoJson { get; } = new GeoJsonExportFormat();
    public static IExportFormat Xlsx { get; } = new XlsxExportFormat();
    public static IExportFormat Parquet { get; } = new ParquetExportFormat();

    /// <summary>Row formats, in generation order (the zip bundle is built from their files afterwards).</summary>
    public static IReadOnlyList<IExportFormat> All { get; } = [Csv, CsvForExcel, CsvForSwedishExcel, Json, GeoJson, Xlsx, Parquet];

    /// <summary>The format with this URL extension, or null.</summary>
    public static IExportFormat? ByExtension(string extension) =>
        All.FirstOrDefault(f => string.Equals(f.Extension, extension, StringComparison.OrdinalIgnoreCase));
}
