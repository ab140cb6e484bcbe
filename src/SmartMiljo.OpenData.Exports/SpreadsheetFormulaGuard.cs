namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// The one home of the formula-injection rule for files meant for spreadsheet programs (the comma
/// "CSV for Excel", the Swedish <c>.excel-sv.csv</c>, and the XLSX text style). A published text cell like
/// <c>=HYPERLINK("http://…","Klicka")</c> or <c>@SUM(…)</c> would run as a formula when the file is opened, so
/// such a cell gets a leading <see cref="Mark"/> and stays text. Only text cells are guarded: a number
/// column is written as a number, and a text that is just a signed number (<c>-12.5</c>, <c>+3</c>) is no
/// formula either, so it is left as it is. The plain RFC 4180 CSV, JSON, GeoJSON and Parquet are never
/// guarded: their bytes are exactly the data.
/// </summary>
public static class SpreadsheetFormulaGuard
{
    /// <summary>Excel's text prefix: the cell shows the rest as text and never evaluates it.</summary>
    public const char Mark = '\'';

    /// <summary>Whether a spreadsheet would read this text cell as a formula: it starts with <c>=</c>,
    /// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return and is not just a signed number.</summary>
    public static bool Needs(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsSignedNumber(text);

    /// <summary>The text as a spreadsheet file should hold it.</summary>
    public static string Apply(string text) => Needs(text) ? Mark + text : text;

    /// <summary>A sign, digits with at most one decimal point or comma, and an optional exponent: what
    /// Excel reads as a number in any locale, never as a formula.</summary>
    private static bool IsSignedNumber(string text)
    {
        var i = text[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        var separators = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c is '.' or ',' && separators++ == 0) { }
            else break;
        }
        if (digits == 0) return false;
        if (i == text.Length) return true;
        if (text[i] is not ('e' or 'E')) return false;
        i++;
        if (i < text.Length && text[i] is '+' or '-') i++;
        var exponentDigits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++) exponentDigits++;
        return exponentDigits > 0 && i == text.Length;
    }
}
