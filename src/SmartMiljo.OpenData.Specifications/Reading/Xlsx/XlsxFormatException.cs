namespace SmartMiljo.OpenData.Specifications.Reading.Xlsx;

/// <summary>The file could not be read as an Excel workbook (or the sheet asked for is not in it).</summary>
public sealed class XlsxFormatException(string messageSv, string messageEn, Exception? inner = null)
    : TabularReadException(Validation.IssueCodes.FormatError, messageSv, messageEn,
        "Spara arbetsboken som .xlsx (Excel-arbetsbok) och försök igen, eller exportera bladet som CSV (UTF-8).",
        "Save the workbook as .xlsx (Excel workbook) and try again, or export the sheet as CSV (UTF-8).", inner)
{
    internal static XlsxFormatException NotAPackage(string detail, Exception? inner = null) => new(
        $"Filen är inte en Excel-arbetsbok (.xlsx är ett zip-paket): {detail}",
        $"The file is not an Excel workbook (.xlsx is a zip package): {detail}", inner);

    internal static XlsxFormatException Unreadable(string detail, Exception? inner = null) => new(
        $"Arbetsboken kunde inte läsas: {detail}",
        $"The workbook could not be read: {detail}", inner);
}
