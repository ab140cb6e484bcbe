using static System.FormattableString;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// A source could not be read as a table. Carries a Frictionless-style code and messages in
/// Swedish and English so that callers can show it without a stack trace. Numbers in the messages
/// are written with the invariant culture, as in the validator's reports.
/// </summary>
public class TabularReadException : Exception
{
    public string Code { get; }
    public string MessageSv { get; }
    public string Hint { get; }
    public string HintEn { get; }

    public TabularReadException(string code, string messageSv, string messageEn, string hint, string hintEn, Exception? inner = null)
        : base(messageEn, inner)
    {
        Code = code;
        MessageSv = messageSv;
        Hint = hint;
        HintEn = hintEn;
    }

    internal static TabularReadException EmptyFile() => new("empty-file",
        "Filen är tom.", "The file is empty.",
        "Kontrollera att rätt fil laddades upp eller att exporten inte avbröts.",
        "Check that the right file was uploaded and that the export did not stop half-way.");

    internal static TabularReadException Binary(string kind) => new("format-error",
        $"Filen är inte en textfil (den ser ut som {kind}).", $"The file is not a text file (it looks like {kind}).",
        "Spara filen som CSV (UTF-8, kommaseparerad) och försök igen.",
        "Save the file as CSV (UTF-8, comma separated) and try again.");

    internal static TabularReadException RecordTooLong(long row, int limit) => new("source-error",
        Invariant($"Rad {row} är längre än {limit:N0} tecken; filen saknar troligen radbrytningar eller har ett citattecken som aldrig stängs."),
        Invariant($"Row {row} is longer than {limit:N0} characters; the file probably lacks line breaks or has a quote that is never closed."),
        "Kontrollera att varje post står på egen rad och att citattecken (\") kommer i par.",
        "Make sure each record is on its own line and that quotes (\") come in pairs.");

    internal static TabularReadException TooManyColumns(int count, int limit) => new("source-error",
        Invariant($"Rubrikraden har {count:N0} kolumner (högst {limit:N0} tillåts); filen är troligen inte en tabell."),
        Invariant($"The header has {count:N0} columns (at most {limit:N0} allowed); the file is probably not a table."),
        "Kontrollera avgränsaren och att filen är en CSV-fil.",
        "Check the delimiter and that the file is a CSV file.");

    internal static TabularReadException NoHeader() => new("missing-label",
        "Filen har ingen rubrikrad.", "The file has no header row.",
        "Första raden ska innehålla kolumnnamnen.", "The first row must hold the column names.");
}
