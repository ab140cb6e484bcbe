using System.Xml;

namespace SmartMiljo.OpenData.Specifications.Reading.Xlsx;

/// <summary>What a number in a cell means, by the cell's style: a plain number, a date (with or
/// without a time of day) or a time. Excel stores dates as day numbers; only the style tells.</summary>
internal enum NumberKind : byte { Number, Date, Time }

/// <summary>The workbook's cell styles (<c>cellXfs</c>), reduced to the kind of number each shows.
/// One byte per style: a workbook has at most 64,000.</summary>
internal sealed class CellStyles
{
    private const int MaxStyles = 65_536;
    private readonly NumberKind[] _kinds;

    private CellStyles(NumberKind[] kinds) => _kinds = kinds;

    public static readonly CellStyles None = new([]);

    public NumberKind KindOf(int style) => (uint)style < (uint)_kinds.Length ? _kinds[style] : NumberKind.Number;

    public static CellStyles Read(XlsxPackage package, string? part)
    {
        if (part is null) return None;
        using var xml = package.Read(part);
        if (xml is null) return None;
        var custom = new Dictionary<int, NumberKind>();
        var kinds = new List<NumberKind>();
        XlsxPackage.Safely(() =>
        {
            var inCellXfs = false;
            while (XlsxPackage.NextElement(xml))
            {
                switch (xml.LocalName)
                {
                    case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), out var id):
                        custom[id] = KindOfFormat(xml.GetAttribute("formatCode") ?? "");
                        break;
                    case "cellXfs":
                        inCellXfs = !xml.IsEmptyElement;
                        break;
                    case "cellStyleXfs" or "dxfs" or "cellStyles":
                        inCellXfs = false;
                        break;
                    case "xf" when inCellXfs:
                        if (kinds.Count >= MaxStyles) return;
                        var format = int.TryParse(xml.GetAttribute("numFmtId"), out var f) ? f : 0;
                        kinds.Add(custom.TryGetValue(format, out var kind) ? kind : BuiltIn(format));
                        break;
                }
            }
        });
        return new CellStyles(kinds.ToArray());
    }

    /// <summary>The built-in formats (ECMA-376 18.8.30, and the East Asian date ids Excel also uses).</summary>
    private static NumberKind BuiltIn(int id) => id switch
    {
        >= 14 and <= 17 or 22 or >= 27 and <= 31 or >= 34 and <= 36 or >= 50 and <= 58 => NumberKind.Date,
        >= 18 and <= 21 or 32 or 33 or >= 45 and <= 47 => NumberKind.Time,
        _ => NumberKind.Number,
    };

    /// <summary>Reads a custom format code: quoted text, escaped characters and bracketed parts
    /// (colours, locales) say nothing about dates; y or d (or m without h or s) make a date, h or s a time.</summary>
    internal static NumberKind KindOfFormat(string code)
    {
        bool date = false, time = false, month = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = char.ToLowerInvariant(code[i]);
            switch (c)
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*': i++; break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var inner = end < 0 ? "" : code[(i + 1)..end].ToLowerInvariant();
                    if (inner is "h" or "hh" or "m" or "mm" or "s" or "ss") time = true; // elapsed time
                    i = end < 0 ? code.Length : end;
                    break;
                case ';': i = code.Length; break; // the first section decides
                case 'y' or 'd' or 'e' when c != 'e' || i + 1 < code.Length && char.ToLowerInvariant(code[i + 1]) == 'e': date = true; break;
                case 'h' or 's': time = true; break;
                case 'm': month = true; break;
            }
        }
        if (date) return NumberKind.Date;
        if (time) return NumberKind.Time;
        return month ? NumberKind.Date : NumberKind.Number;
    }
}
