using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>The words of cell-level issues, in Swedish and English, with a hint that says what to
/// write instead. Built only for issues that are listed, never for those merely counted.</summary>
internal static class CellMessages
{
    public static (string Sv, string En, string Hint, string HintEn) For(string code, string? constraint, long row, string column,
        string value, FieldCheck check, IssueCollector _)
    {
        var field = check.Field;
        var c = field.Constraints;
        switch (code)
        {
            case IssueCodes.MissingCell:
                return ($"Rad {row} har för få celler: värdet för \"{column}\" saknas helt.",
                    $"Row {row} has too few cells: there is no value at all for \"{column}\".",
                    "Kontrollera att raden har lika många avgränsare som rubrikraden.",
                    "Check that the row has as many delimiters as the header.");
            case IssueCodes.TypeError:
            {
                var (expectedSv, expectedEn) = CellParsers.Expected(field);
                var (hint, hintEn) = TypeHint(field, value);
                return ($"Rad {row}: \"{value}\" i kolumnen \"{column}\" är inte {expectedSv}.",
                    $"Row {row}: \"{value}\" in column \"{column}\" is not {expectedEn}.", hint, hintEn);
            }
            case IssueCodes.EncodingError:
                return ($"Rad {row}: kolumnen \"{column}\" innehåller tecken som inte gick att läsa (\"{value}\").",
                    $"Row {row}: column \"{column}\" contains characters that could not be read (\"{value}\").",
                    "Spara filen som UTF-8; blandade teckenkodningar i samma fil ger trasiga å, ä och ö.",
                    "Save the file as UTF-8; mixed encodings in one file break å, ä and ö.");
            case IssueCodes.PersonalData:
                return ($"Rad {row}: organisationsnumret i \"{column}\" är ett personnummer (enskild firma). Personuppgifter får inte publiceras.",
                    $"Row {row}: the organisation number in \"{column}\" is a personal identity number (sole trader). Personal data must not be published.",
                    "Ta bort eller maskera nummer för enskilda firmor innan filen publiceras.",
                    "Remove or mask sole traders' numbers before the file is published.");
        }

        // Constraint errors.
        return constraint switch
        {
            "required" => ($"Rad {row}: \"{column}\" är tom men måste fyllas i.",
                $"Row {row}: \"{column}\" is empty but must be filled in.",
                $"Fyll i {Describe(field, sv: true)} på varje rad.", $"Fill in {Describe(field, sv: false)} on every row."),
            "enum" => EnumMessage(row, column, value, c.Enum!),
            "pattern" => ($"Rad {row}: \"{value}\" i \"{column}\" har inte den form specifikationen kräver.",
                $"Row {row}: \"{value}\" in \"{column}\" does not have the form the specification requires.",
                field.Description is null ? $"Värdet ska matcha mönstret {c.Pattern}." : $"{field.Description} (mönster: {c.Pattern})",
                field.DescriptionEn is null ? $"The value must match the pattern {c.Pattern}." : $"{field.DescriptionEn} (pattern: {c.Pattern})"),
            "minimum" => ($"Rad {row}: {value} i \"{column}\" är mindre än det minsta tillåtna, {Num(c.Minimum)}.",
                $"Row {row}: {value} in \"{column}\" is below the minimum, {Num(c.Minimum)}.",
                $"Ange ett värde från {Num(c.Minimum)} och uppåt.", $"Give a value of {Num(c.Minimum)} or more."),
            "maximum" => ($"Rad {row}: {value} i \"{column}\" är större än det största tillåtna, {Num(c.Maximum)}.",
                $"Row {row}: {value} in \"{column}\" is above the maximum, {Num(c.Maximum)}.",
                $"Ange ett värde upp till {Num(c.Maximum)}.", $"Give a value of at most {Num(c.Maximum)}."),
            "minLength" => ($"Rad {row}: \"{value}\" i \"{column}\" är kortare än {c.MinLength} tecken.",
                $"Row {row}: \"{value}\" in \"{column}\" is shorter than {c.MinLength} characters.",
                "Komplettera värdet.", "Complete the value."),
            "maxLength" => ($"Rad {row}: värdet i \"{column}\" är längre än {c.MaxLength} tecken.",
                $"Row {row}: the value in \"{column}\" is longer than {c.MaxLength} characters.",
                $"Korta texten till högst {c.MaxLength} tecken.", $"Shorten the text to at most {c.MaxLength} characters."),
            _ => ($"Rad {row}: \"{value}\" i \"{column}\" uppfyller inte villkoret {constraint}.",
                $"Row {row}: \"{value}\" in \"{column}\" violates the constraint {constraint}.", "Rätta värdet.", "Correct the value."),
        };
    }

    private static (string, string, string, string) EnumMessage(long row, string column, string value, IReadOnlyList<string> allowed)
    {
        var list = string.Join(", ", allowed.Take(12));
        var close = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? Suggestions.Closest(value, allowed);
        return ($"Rad {row}: \"{value}\" är inte ett tillåtet värde i \"{column}\" (tillåtna: {list}).",
            $"Row {row}: \"{value}\" is not an allowed value in \"{column}\" (allowed: {list}).",
            close is null ? $"Använd ett av värdena: {list}." : $"Menade du \"{close}\"? Skriv värdet exakt så.",
            close is null ? $"Use one of: {list}." : $"Did you mean \"{close}\"? Write the value exactly like that.");
    }

    private static (string, string) TypeHint(FieldDefinition field, string value)
    {
        var v = value.Trim();
        switch (field.Type)
        {
            case FieldType.Number when v.Contains(',') && v.Contains('.'):
            case FieldType.Integer when v.Contains(' ') || v.Contains('\u00A0'):
                return ("Ta bort tusentalsavgränsare och använd punkt som decimaltecken.", "Remove thousands separators and use a point as decimal mark.");
            case FieldType.Integer when v.Contains('.') || v.Contains(','):
                return ("Fältet tar bara heltal; avrunda eller ta bort decimalerna.", "The field takes whole numbers only; round or drop the decimals.");
            case FieldType.Boolean:
                return ("Skriv true eller false (ja/nej och Y/N accepteras också).", "Write true or false (ja/nej and Y/N are accepted too).");
            case FieldType.Date:
                return ("Skriv datum som ÅÅÅÅ-MM-DD.", "Write dates as YYYY-MM-DD.");
        }
        return CellParsers.NormaliseFormat(field.Format) switch
        {
            "uri" when v.StartsWith("www.", StringComparison.OrdinalIgnoreCase) => ($"Lägg till https:// först: https://{v}", $"Add https:// in front: https://{v}"),
            "uri" => ("Ange hela adressen, med https://.", "Give the full address, with https://."),
            "email" => ("Ange en enda e-postadress, utan mellanslag.", "Give a single e-mail address, without spaces."),
            "kommunkod" => ("Ange SCB:s fyrsiffriga kommunkod, med inledande nolla (t.ex. 0114).", "Give SCB's four-digit municipality code, with its leading zero (e.g. 0114)."),
            "organisationsnummer" => ("Kontrollera numret mot Bolagsverket; kontrollsiffran stämmer inte.", "Check the number with Bolagsverket; the check digit does not match."),
            _ => ($"Skriv {CellParsers.Expected(field).Sv}.", $"Write {CellParsers.Expected(field).En}."),
        };
    }

    public static ValidationIssue Normalised(FieldCheck check, string column)
    {
        var field = check.Field;
        var example = Suggestions.Shorten(check.NormalisedExample, 40);
        var (what, whatEn, canonical, canonicalEn) = field.Type switch
        {
            FieldType.Boolean => ("sanningsvärden som ja/nej eller Y/N", "booleans such as ja/nej or Y/N", "true/false", "true/false"),
            FieldType.Number => ("tal med decimalkomma", "numbers with a decimal comma", "punkt som decimaltecken (12.5)", "a decimal point (12.5)"),
            FieldType.Date => ("datum i annan form än ÅÅÅÅ-MM-DD", "dates in a form other than YYYY-MM-DD", "ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
            FieldType.DateTime => ("tidpunkter utan tidszon eller i annan form", "date-times without time zone or in another form", "2024-05-28T14:30:00+02:00", "2024-05-28T14:30:00+02:00"),
            FieldType.Time => ("tider med punkt (14.30)", "times written with a point (14.30)", "14:30", "14:30"),
            _ => ("värden med extra mellanslag eller i annan form", "values with extra spaces or in another form", "specifikationens form", "the specification's form"),
        };
        return new ValidationIssue
        {
            Code = IssueCodes.ValueNormalised, Severity = IssueSeverity.Warning, Column = column, Value = example,
            Message = $"{check.NormalisedCount:N0} värden i \"{column}\" är {what} (t.ex. \"{example}\"); de har lästs om.",
            MessageEn = $"{check.NormalisedCount:N0} values in \"{column}\" are {whatEn} (e.g. \"{example}\"); they have been converted.",
            Hint = $"Specifikationen anger {canonical}.",
            HintEn = $"The specification asks for {canonicalEn}.",
        };
    }

    private static string Describe(FieldDefinition field, bool sv) =>
        (sv ? field.Title : field.TitleEn ?? field.Title) is { } title ? $"\"{field.Name}\" ({title})" : $"\"{field.Name}\"";

    private static string Num(double? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
}
