using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Exports.Formats.Xlsx;

/// <summary>
/// Streams one worksheet part into the zip: header row, then one row per call. Written with a
/// plain XmlWriter in the default namespace: prefixed SpreadsheetML (what the Open XML SDK
/// emits) is valid but unreadable for common non-Excel readers such as GDAL.
/// </summary>
internal sealed partial class XlsxSheetWriter : IDisposable
{
    /// <summary>Excel refuses longer cell texts.</summary>
    private const int MaxCellTextLength = 32_767;

    /// <summary>Excel keeps 15 significant digits; longer integers are written as text to stay exact.</summary>
    private const long MaxExactExcelInteger = 999_999_999_999_999;

    /// <summary>Excel's day 61 is 1900-03-01; earlier serials are skewed by its 1900 leap-year bug.</summary>
    private static readonly DateOnly FirstReliableExcelDate = new(1900, 3, 1);
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly Stream _entry;
    private readonly XmlWriter _xml;
    private readonly IReadOnlyList<FieldDefinition> _fields;
    private readonly string[] _columnLetters;
    private long _rowIndex;

    public XlsxSheetWriter(ZipArchive zip, int sheetNumber, IReadOnlyList<FieldDefinition> fields)
    {
        _fields = fields;
        _columnLetters = Enumerable.Range(0, fields.Count).Select(ColumnLetters).ToArray();
        _entry = zip.CreateEntry(XlsxPackageParts.SheetPath(sheetNumber), CompressionLevel.Fastest).Open();
        _xml = XmlWriter.Create(_entry, XlsxPackageParts.XmlSettings);
        _xml.WriteStartDocument(standalone: true);
        _xml.WriteStartElement("worksheet", XlsxPackageParts.SpreadsheetNs);
        WriteFrozenHeaderView();
        _xml.WriteStartElement("sheetData", XlsxPackageParts.SpreadsheetNs);
        WriteHeader();
    }

    /// <summary>Rows written to this sheet, header included.</summary>
    public long RowCount => _rowIndex;

    public void WriteRow(object?[] row)
    {
        StartRow();
        for (var i = 0; i < row.Length; i++)
        {
            // Missing values get no cell at all, which is how Excel itself stores empty cells.
            if (row[i] is { } value) WriteCell(i, value, _fields[i]);
        }
        _xml.WriteEndElement();
    }

    private void WriteFrozenHeaderView()
    {
        _xml.WriteStartElement("sheetViews", XlsxPackageParts.SpreadsheetNs);
        _xml.WriteStartElement("sheetView", XlsxPackageParts.SpreadsheetNs);
        _xml.WriteAttributeString("workbookViewId", "0");
        _xml.WriteStartElement("pane", XlsxPackageParts.SpreadsheetNs);
        _xml.WriteAttributeString("ySplit", "1");
        _xml.WriteAttributeString("topLeftCell", "A2");
        _xml.WriteAttributeString("activePane", "bottomLeft");
        _xml.WriteAttributeString("state", "frozen");
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    private void WriteHeader()
    {
        StartRow();
        for (var i = 0; i < _fields.Count; i++) WriteText(i, _fields[i].Name, XlsxPackageParts.HeaderStyle);
        _xml.WriteEndElement();
    }

    private void StartRow()
    {
        _xml.WriteStartElement("row", XlsxPackageParts.SpreadsheetNs);
        _xml.WriteAttributeString("r", (++_rowIndex).ToString(Invariant));
    }

    private void WriteCell(int column, object value, FieldDefinition field)
    {
        switch (value)
        {
            // A text cell never runs as a formula, but one that looks like a formula would once edited: quote it.
            case string s: WriteText(column, s, SpreadsheetFormulaGuard.Needs(s) ? XlsxPackageParts.QuotedTextStyle : 0); break;
            case long l when Math.Abs((decimal)l) <= MaxExactExcelInteger: WriteNumber(column, l.ToString(Invariant)); break;
            case int i: WriteNumber(column, i.ToString(Invariant)); break;
            case double d when double.IsFinite(d): WriteNumber(column, d.ToString("R", Invariant)); break;
            // Excel's numbers are doubles, exact to 15 significant digits; a longer decimal stays text, every digit kept.
            case decimal m when SignificantDigits(m) <= 15: WriteNumber(column, m.ToString(Invariant)); break;
            case bool b: WriteValue(column, b ? "1" : "0", type: "b"); break;
            case DateOnly d when d >= FirstReliableExcelDate:
                WriteSerial(column, d.DayNumber - ExcelEpoch.DayNumber, XlsxPackageParts.DateStyle);
                break;
            // Excel has no time zones: show the clock time as published (CSV and JSON keep the offset).
            case DateTimeOffset t when DateOnly.FromDateTime(t.DateTime) >= FirstReliableExcelDate:
                WriteSerial(column, (t.DateTime - ExcelEpoch.ToDateTime(TimeOnly.MinValue)).TotalDays, XlsxPackageParts.DateTimeStyle);
                break;
            case TimeOnly t: WriteSerial(column, t.ToTimeSpan().TotalDays, XlsxPackageParts.TimeStyle); break;
            default: WriteText(column, CellText.Format(value, field)); break;
        }
    }

    private void WriteNumber(int column, string number) => WriteValue(column, number);

    private static int SignificantDigits(decimal value)
    {
        var digits = Math.Abs(value).ToString(Invariant).Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        return digits.Length;
    }

    private void WriteSerial(int column, double serial, int style) =>
        WriteValue(column, serial.ToString("R", Invariant), style: style);

    private void WriteValue(int column, string value, string? type = null, int style = 0)
    {
        StartCell(column, type, style);
        _xml.WriteElementString("v", XlsxPackageParts.SpreadsheetNs, value);
        _xml.WriteEndElement();
    }

    /// <summary>Inline strings avoid a shared-string table, which would have to be held in memory.</summary>
    private void WriteText(int column, string text, int style = 0)
    {
        var safe = ExcelSafeText(text);
        StartCell(column, "inlineStr", style);
        _xml.WriteStartElement("is", XlsxPackageParts.SpreadsheetNs);
        _xml.WriteStartElement("t", XlsxPackageParts.SpreadsheetNs);
        if (safe.Length > 0 && (char.IsWhiteSpace(safe[0]) || char.IsWhiteSpace(safe[^1])))
            _xml.WriteAttributeString("xml", "space", null, "preserve");
        _xml.WriteString(safe);
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    private void StartCell(int column, string? type, int style)
    {
        _xml.WriteStartElement("c", XlsxPackageParts.SpreadsheetNs);
        _xml.WriteAttributeString("r", string.Concat(_columnLetters[column], _rowIndex.ToString(Invariant)));
        if (style != 0) _xml.WriteAttributeString("s", style.ToString(Invariant));
        if (type is not null) _xml.WriteAttributeString("t", type);
    }

    /// <summary>
    /// Drops characters XML cannot carry, uses Excel's line break (LF) for CRLF, protects literal
    /// "_xHHHH_" sequences (which Excel would decode as escapes) and respects Excel's length limit.
    /// </summary>
    internal static string ExcelSafeText(string text)
    {
        if (text.AsSpan().ContainsAnyExceptInRange('\u0020', '\uD7FF') || text.Length > MaxCellTextLength)
        {
            text = text.Replace("\r\n", "\n");
            var builder = new System.Text.StringBuilder(Math.Min(text.Length, MaxCellTextLength));
            for (var i = 0; i < text.Length && builder.Length < MaxCellTextLength; i++)
            {
                var c = text[i];
                if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
                {
                    if (builder.Length + 2 > MaxCellTextLength) break;
                    builder.Append(c).Append(text[++i]);
                }
                else if (XmlConvert.IsXmlChar(c)) builder.Append(c);
            }
            text = builder.ToString();
        }
        return text.Contains("_x", StringComparison.Ordinal) ? ExcelEscape().Replace(text, "_x005F$0") : text;
    }

    [GeneratedRegex("_(?=x[0-9A-Fa-f]{4}_)")]
    private static partial Regex ExcelEscape();

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    internal static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    public void Dispose()
    {
        _xml.WriteEndElement(); // sheetData
        _xml.WriteEndElement(); // worksheet
        _xml.WriteEndDocument();
        _xml.Dispose();
        _entry.Dispose();
    }
}
