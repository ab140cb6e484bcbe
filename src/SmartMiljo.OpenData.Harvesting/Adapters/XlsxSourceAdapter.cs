using System.Globalization;
using System.IO.Compression;
using ClosedXML.Excel;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

public sealed class XlsxFormatException(string message) : Exception(message);

/// <summary>Excel workbooks: the first sheet, or the one named in the settings; the first non-empty row is the header.</summary>
public sealed class XlsxSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : SingleFileSourceAdapter(fetcher)
{
    public override SourceKind Kind => SourceKind.Xlsx;

    public override Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        return Task.FromResult<ITabularSource>(XlsxTabularSource.Open(fetched.LocalPath!, settings.Sheet, options.Value.MaxDecompressedBytes));
    }
}

/// <summary>One worksheet as a table. Dates become ISO 8601, numbers invariant culture.</summary>
public sealed class XlsxTabularSource : ITabularSource
{
    private readonly XLWorkbook _workbook;
    private readonly IXLWorksheet _sheet;
    private readonly int _firstColumn, _lastRow;
    private int _nextRow;
    private long _row;

    private XlsxTabularSource(XLWorkbook workbook, IXLWorksheet sheet, IReadOnlyList<string> header, int firstColumn, int firstDataRow, int lastRow)
    {
        _workbook = workbook;
        _sheet = sheet;
        Header = header;
        _firstColumn = firstColumn;
        _nextRow = firstDataRow;
        _lastRow = lastRow;
        Facts = new Dictionary<string, string> { ["format"] = "XLSX", ["sheet"] = sheet.Name };
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyDictionary<string, string> Facts { get; }

    public static XlsxTabularSource Open(string path, string? sheetName, long maxUnpackedBytes)
    {
        GuardAgainstBomb(path, maxUnpackedBytes);
        XLWorkbook workbook;
        // Opened from a stream: the work file has no .xlsx extension, which the path overload insists on.
        try
        {
            using var file = File.OpenRead(path);
            workbook = new XLWorkbook(file);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new XlsxFormatException($"The file is not a readable Excel workbook (.xlsx): {ex.Message}");
        }
        try
        {
            IXLWorksheet? sheet;
            if (sheetName is null) sheet = workbook.Worksheets.FirstOrDefault();
            else if (!workbook.TryGetWorksheet(sheetName, out sheet))
                throw new XlsxFormatException($"The workbook has no sheet '{sheetName}'; it has {string.Join(", ", workbook.Worksheets.Select(w => $"'{w.Name}'"))}.");
            if (sheet?.RangeUsed() is not { } used) throw new XlsxFormatException("The sheet is empty.");
            var firstColumn = used.FirstColumn().ColumnNumber();
            var lastColumn = used.LastColumn().ColumnNumber();
            var headerRow = used.FirstRow().RowNumber();
            var header = new List<string>();
            for (var c = firstColumn; c <= lastColumn; c++) header.Add(CellText(sheet.Cell(headerRow, c)).Trim());
            while (header.Count > 0 && header[^1].Length == 0) header.RemoveAt(header.Count - 1);
            return new XlsxTabularSource(workbook, sheet, header, firstColumn, headerRow + 1, used.LastRow().RowNumber());
        }
        catch
        {
            workbook.Dispose();
            throw;
        }
    }

    /// <summary>An XLSX file is a zip package; refuse one whose parts would unpack to more than the limit
    /// before the Excel reader inflates them.</summary>
    private static void GuardAgainstBomb(string path, long maxUnpackedBytes)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > maxUnpackedBytes)
                    throw new XlsxFormatException($"The workbook unpacks to more than {maxUnpackedBytes:N0} bytes (Harvesting:MaxDecompressedBytes); it looks like a compression bomb.");
                if (entry.CompressedLength > 0 && entry.Length > 100L * 1024 * 1024 && entry.Length / entry.CompressedLength > 1000)
                    throw new XlsxFormatException($"The part '{entry.FullName}' of the workbook compresses more than 1000:1; it looks like a compression bomb.");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new XlsxFormatException($"The file is not an Excel workbook (.xlsx is a zip package): {ex.Message}");
        }
    }

    public ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (_nextRow <= _lastRow)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rowNumber = _nextRow++;
            var cells = new string?[Header.Count];
            var empty = true;
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = CellText(_sheet.Cell(rowNumber, _firstColumn + i));
                if (cells[i]!.Length > 0) empty = false;
            }
            if (empty) continue; // blank separator rows are layout, not data
            return ValueTask.FromResult<RawRecord?>(new RawRecord(++_row, cells));
        }
        return ValueTask.FromResult<RawRecord?>(null);
    }

    private static string CellText(IXLCell cell)
    {
        if (cell.IsEmpty()) return "";
        return cell.DataType switch
        {
            XLDataType.Number => cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            XLDataType.Boolean => cell.GetBoolean() ? "true" : "false",
            XLDataType.DateTime => cell.GetDateTime() is var d && d.TimeOfDay == TimeSpan.Zero
                ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            XLDataType.TimeSpan => cell.GetTimeSpan().ToString("c", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };
    }

    public ValueTask DisposeAsync()
    {
        _workbook.Dispose();
        return ValueTask.CompletedTask;
    }
}
