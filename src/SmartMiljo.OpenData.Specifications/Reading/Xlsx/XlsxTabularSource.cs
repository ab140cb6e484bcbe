using System.Globalization;
using System.Text;
using System.Xml;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Reading.Xlsx;

/// <summary>
/// One worksheet of an Excel workbook (.xlsx) as a table, streamed: the sheet's XML is read row by
/// row straight from the zip entry, so memory stays flat whatever the sheet's size (shared strings
/// are held within a budget, see <see cref="SharedStringTable"/>). The first sheet is read, or the
/// one named; the first non-empty row is the header; blank rows are layout and skipped. Dates (day
/// numbers with a date style) become ISO 8601, times <c>hh:mm:ss</c>, numbers invariant culture.
/// </summary>
public sealed class XlsxTabularSource : ITabularSource
{
    public const string SheetFact = "sheet";

    private readonly XlsxPackage _package;
    private readonly SharedStringTable _strings;
    private readonly CellStyles _styles;
    private readonly bool _date1904;
    private readonly XmlReader _sheet;
    private readonly List<(int Column, string Text)> _cells = [];
    private readonly StringBuilder _text = new();
    private int _firstColumn;
    private long _sheetRow, _row;
    private bool _ended;

    public IReadOnlyList<string> Header { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Facts { get; }

    /// <summary>True when the shared strings outgrew their memory budget and are read from disk (tests).</summary>
    internal bool SharedStringsOnDisk => _strings.OnDisk;

    private XlsxTabularSource(XlsxPackage package, SharedStringTable strings, CellStyles styles, bool date1904, XmlReader sheet, string sheetName)
    {
        _package = package;
        _strings = strings;
        _styles = styles;
        _date1904 = date1904;
        _sheet = sheet;
        Facts = new Dictionary<string, string> { ["format"] = "XLSX", [SheetFact] = sheetName };
    }

    public static XlsxTabularSource Open(string path, string? sheetName, long maxUnpackedBytes, int maxColumns = 2000) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), sheetName, maxUnpackedBytes, maxColumns);

    /// <summary>Opens a workbook from a seekable stream (a zip's directory is at its end), which it owns.</summary>
    public static XlsxTabularSource Open(Stream seekable, string? sheetName, long maxUnpackedBytes, int maxColumns = 2000)
    {
        var package = XlsxPackage.Open(seekable, maxUnpackedBytes);
        SharedStringTable? strings = null;
        XmlReader? sheet = null;
        try
        {
            var sheets = package.Sheets();
            if (sheets.Count == 0) throw XlsxFormatException.Unreadable("arbetsboken har inga blad / the workbook has no sheets");
            var chosen = sheetName is null ? sheets[0] : sheets.FirstOrDefault(s => s.Name == sheetName);
            if (chosen.Name is null)
            {
                var names = string.Join(", ", sheets.Select(s => $"'{s.Name}'"));
                throw new XlsxFormatException($"Arbetsboken har inget blad som heter '{sheetName}'; den har {names}.",
                    $"The workbook has no sheet '{sheetName}'; it has {names}.");
            }
            var styles = CellStyles.Read(package, package.WorkbookPart("/styles"));
            strings = SharedStringTable.Read(package, package.WorkbookPart("/sharedStrings"));
            sheet = package.Read(chosen.Part) ?? throw XlsxFormatException.Unreadable($"bladet '{chosen.Name}' saknas / the sheet '{chosen.Name}' is missing");
            var source = new XlsxTabularSource(package, strings, styles, package.Uses1904Dates(), sheet, chosen.Name);
            source.ReadHeader(maxColumns);
            return source;
        }
        catch
        {
            sheet?.Dispose();
            strings?.Dispose();
            package.Dispose();
            throw;
        }
    }

    private void ReadHeader(int maxColumns)
    {
        XlsxPackage.Safely(() =>
        {
            while (XlsxPackage.NextElement(_sheet) && _sheet.LocalName != "sheetData") { }
        });
        while (ReadRow())
        {
            if (_cells.Count == 0) continue;
            // The table starts where its header does: the sheet's recorded dimension may include
            // formatted but empty columns.
            _firstColumn = _cells.Min(c => c.Column);
            var width = _cells.Max(c => c.Column) - _firstColumn + 1;
            if (width > maxColumns) throw TabularReadException.TooManyColumns(width, maxColumns);
            var header = new string[width];
            Array.Fill(header, "");
            foreach (var (column, text) in _cells) header[column - _firstColumn] = text.Trim();
            var count = header.Length;
            while (count > 0 && header[count - 1].Length == 0) count--;
            Header = header[..count];
            return;
        }
        throw new XlsxFormatException("Bladet är tomt.", "The sheet is empty.");
    }

    public ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (ReadRow())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = new string?[Header.Count];
            Array.Fill(cells, "");
            var empty = true;
            foreach (var (column, text) in _cells)
            {
                var i = column - _firstColumn;
                if ((uint)i >= (uint)cells.Length) continue;
                cells[i] = text;
                empty = false;
            }
            if (empty) continue; // blank separator rows are layout, not data
            return ValueTask.FromResult<RawRecord?>(new RawRecord(++_row, cells));
        }
        return ValueTask.FromResult<RawRecord?>(null);
    }

    /// <summary>Reads the next <c>row</c> of the sheet into <see cref="_cells"/> (non-empty cells
    /// only, by 0-based column); false at the end of the sheet's data.</summary>
    private bool ReadRow()
    {
        _cells.Clear();
        if (_ended) return false;
        var found = false;
        XlsxPackage.Safely(() =>
        {
            while (_sheet.Read())
            {
                if (_sheet.NodeType == XmlNodeType.EndElement && _sheet.LocalName == "sheetData") break;
                if (_sheet.NodeType != XmlNodeType.Element) continue;
                if (_sheet.Depth > XlsxPackage.MaxDepth) throw XlsxPackage.TooDeep();
                if (_sheet.LocalName != "row") continue;
                found = true;
                break;
            }
            if (!found) return;
            _sheetRow = long.TryParse(_sheet.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : _sheetRow + 1;
            if (_sheet.IsEmptyElement) return;
            var depth = _sheet.Depth;
            var next = 0;
            while (_sheet.Read())
            {
                if (_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth) break;
                if (_sheet.NodeType != XmlNodeType.Element) continue;
                if (_sheet.Depth > XlsxPackage.MaxDepth) throw XlsxPackage.TooDeep();
                if (_sheet.LocalName != "c") continue;
                var reference = _sheet.GetAttribute("r");
                var column = reference is null ? next : ColumnOf(reference) ?? next;
                if (column >= 16_384) throw XlsxFormatException.Unreadable($"cellen {reference} ligger utanför bladet / the cell {reference} is outside the sheet");
                next = column + 1;
                var text = ReadCell();
                if (text.Length > 0) _cells.Add((column, text));
            }
        });
        if (!found) _ended = true;
        return found;
    }

    /// <summary>Reads one <c>c</c> element and turns its value into text as the cell shows it.</summary>
    private string ReadCell()
    {
        var type = _sheet.GetAttribute("t");
        var style = int.TryParse(_sheet.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (_sheet.IsEmptyElement) return "";
        var depth = _sheet.Depth;
        string? value = null;
        while (_sheet.Read())
        {
            if (_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth) break;
            if (_sheet.NodeType != XmlNodeType.Element) continue;
            if (_sheet.Depth > XlsxPackage.MaxDepth) throw XlsxPackage.TooDeep();
            if (_sheet.LocalName == "v" && !_sheet.IsEmptyElement)
            {
                _text.Clear();
                ReadText(_sheet, _text);
                value = _text.ToString();
            }
            else if (_sheet.LocalName == "is" && !_sheet.IsEmptyElement)
            {
                _text.Clear();
                SharedStringTable.ReadItem(_sheet, _text);
                value = _text.ToString();
            }
        }
        if (value is null) return "";
        return type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? _strings.Get(index) ?? "" : "",
            "inlineStr" or "str" or "e" or "d" => value,
            "b" => value.Trim() is "1" or "true" ? "true" : "false",
            _ => NumberText(value, style),
        };
    }

    /// <summary>The text content of the current element (see <see cref="XlsxPackage.AppendText"/>).
    /// Leaves the reader on its end tag.</summary>
    private static void ReadText(XmlReader xml, StringBuilder text)
    {
        var depth = xml.Depth;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) return;
            if (xml.Depth > depth + XlsxPackage.MaxDepth) throw XlsxPackage.TooDeep();
            XlsxPackage.AppendText(xml, text);
        }
    }

    private string NumberText(string value, int style)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
        switch (_styles.KindOf(style))
        {
            case NumberKind.Date when number is > -657435 and < 2958466:
                var date = DateTime.FromOADate(number + (_date1904 ? 1462 : 0));
                return date.TimeOfDay == TimeSpan.Zero
                    ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            case NumberKind.Time when number is >= 0 and < 1_000_000:
                return TimeSpan.FromSeconds(Math.Round(number * 86_400)).ToString("c", CultureInfo.InvariantCulture);
            default:
                return number.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The 0-based column of a reference such as <c>C12</c> (or <c>C12:F40</c>), or null.</summary>
    internal static int? ColumnOf(string reference)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = (char)(c & ~0x20);
            if (upper is < 'A' or > 'Z') break;
            column = column * 26 + (upper - 'A' + 1);
            if (++letters > 3) return null;
        }
        return letters == 0 ? null : column - 1;
    }

    public ValueTask DisposeAsync()
    {
        _sheet.Dispose();
        _strings.Dispose();
        _package.Dispose();
        return ValueTask.CompletedTask;
    }
}
