using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Text;
using static System.FormattableString;

namespace SmartMiljo.OpenData.Specifications.Validation.Messages;

/// <summary>
/// Every message of the validator, in Swedish and English, with a hint that says what to do.
/// Numbers are written the same whatever the machine's locale, so reports are the same everywhere (they
/// are stored and compared): counts in Swedish texts as Swedish writes them ("2 000"), the rest invariant.
/// Rows are named as a spreadsheet shows them (the header is row 1), while <see cref="ValidationIssue.Row"/>
/// keeps the data row. The error types
/// (<see cref="Errors.ValidationError"/>) take their words from here; nothing else writes them.
/// </summary>
internal static class ValidationMessages
{
    // ---- Header (labels) ----

    public static IssueText BlankLabel(int columnNumber, bool trailing) => new(
        Invariant($"Kolumn {columnNumber} saknar namn i rubrikraden."),
        Invariant($"Column {columnNumber} has no name in the header."),
        trailing ? "Ta bort de tomma kolumnerna i slutet av rubrikraden (ofta överblivna avgränsare)." : "Ge kolumnen ett namn eller ta bort den.",
        trailing ? "Remove the empty columns at the end of the header (often left-over delimiters)." : "Name the column or remove it.");

    public static IssueText DuplicateLabel(string label, int firstNumber, int number) => new(
        Invariant($"Kolumnen \"{label}\" finns två gånger (kolumn {firstNumber} och {number}); bara den första används."),
        Invariant($"Column \"{label}\" appears twice (columns {firstNumber} and {number}); only the first is used."),
        "Ta bort eller byt namn på den ena kolumnen.",
        "Remove or rename one of the columns.");

    public static IssueText IncorrectLabel(string label, string fieldName, bool isAlias) => new(
        isAlias
            ? $"Kolumnen \"{label}\" läses som \"{fieldName}\" (ett äldre eller annat namn för samma uppgift)."
            : $"Kolumnen \"{label}\" läses som \"{fieldName}\" (skrivsättet skiljer sig).",
        isAlias
            ? $"Column \"{label}\" is read as \"{fieldName}\" (an older or other name for the same thing)."
            : $"Column \"{label}\" is read as \"{fieldName}\" (spelt differently).",
        $"Byt namn på kolumnen till \"{fieldName}\" som specifikationen anger.",
        $"Rename the column to \"{fieldName}\" as the specification says.");

    public static IssueText CoordinateColumnLabel(string label, string fieldName, bool northing) => new(
        $"Kolumnen \"{label}\" läses som \"{fieldName}\": den har {(northing ? "nordkoordinaten (norrvärdet, X i svensk geodesi)" : "östkoordinaten (östvärdet, Y i svensk geodesi)")}. "
        + "Koordinatsystemet avgörs av värdena (WGS84, SWEREF 99 TM eller RT 90) och sägs i rapporten.",
        $"Column \"{label}\" is read as \"{fieldName}\": it holds the {(northing ? "northing (X in the Swedish geodetic sense)" : "easting (Y in the Swedish geodetic sense)")}. "
        + "The values decide the coordinate system (WGS84, SWEREF 99 TM or RT 90), and the report says which was found.",
        $"Byt namn på kolumnen till \"{fieldName}\" som specifikationen anger, gärna med värden i WGS84.",
        $"Rename the column to \"{fieldName}\" as the specification says, preferably with values in WGS84.");

    public static IssueText CoordinateValuesLabel(string label, string fieldName, bool northing, string system, int epsg) => new(
        $"Kolumnen \"{label}\" läses som \"{fieldName}\": dess värden är {(northing ? "nordkoordinater" : "östkoordinater")} i {system} (EPSG:{epsg}), "
        + "fast namnet inte säger det. De räknas om till WGS84.",
        $"Column \"{label}\" is read as \"{fieldName}\": its values are {(northing ? "northings" : "eastings")} in {system} (EPSG:{epsg}), "
        + "although its name does not say so. They are converted to WGS84.",
        $"Byt namn på kolumnen till \"{fieldName}\" som specifikationen anger, gärna med värden i WGS84.",
        $"Rename the column to \"{fieldName}\" as the specification says, preferably with values in WGS84.");

    public static IssueText ExtraLabel(string label, string? suggestion) => new(
        $"Kolumnen \"{label}\" finns inte i specifikationen och publiceras inte." + (suggestion is null ? "" : $" Menade du \"{suggestion}\"?"),
        $"Column \"{label}\" is not in the specification and is not published." + (suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"),
        suggestion is null ? "Ta bort kolumnen eller föreslå den till specifikationen." : $"Byt namn på kolumnen till \"{suggestion}\".",
        suggestion is null ? "Remove the column or propose it for the specification." : $"Rename the column to \"{suggestion}\".");

    public static IssueText MissingLabel(FieldDefinition field, string? suggestion)
    {
        var required = field.Constraints.Required;
        return new(
            (required ? $"Den obligatoriska kolumnen \"{field.Name}\" saknas." : $"Kolumnen \"{field.Name}\" saknas (frivillig).")
                + (suggestion is null ? "" : $" Filen har \"{suggestion}\" – är det samma?"),
            (required ? $"The required column \"{field.Name}\" is missing." : $"Column \"{field.Name}\" is missing (optional).")
                + (suggestion is null ? "" : $" The file has \"{suggestion}\" – is it the same?"),
            suggestion is null ? $"Lägg till kolumnen \"{field.Name}\"{(field.Title is null ? "" : $" ({field.Title})")}." : $"Byt namn på \"{suggestion}\" till \"{field.Name}\".",
            suggestion is null ? $"Add the column \"{field.Name}\"{(field.TitleEn is null ? "" : $" ({field.TitleEn})")}." : $"Rename \"{suggestion}\" to \"{field.Name}\".");
    }

    public static IssueText PersonalDataLabel(string label) => new(
        $"Kolumnen \"{label}\" ser ut att innehålla personnummer. Personuppgifter får inte publiceras som öppna data.",
        $"Column \"{label}\" looks like it holds personal identity numbers. Personal data must not be published as open data.",
        "Ta bort kolumnen ur filen innan den publiceras.",
        "Remove the column from the file before publishing it.");

    // ---- Rows ----

    public static IssueText BlankRow(long row) => new(
        Invariant($"Rad {Line(row)} är tom."), Invariant($"Row {Line(row)} is empty."),
        "Ta bort tomma rader ur filen.", "Remove empty rows from the file.");

    public static IssueText ExtraCell(long row, int cellNumber, string shown) => new(
        Invariant($"Rad {Line(row)} har fler celler än rubrikraden: cell {cellNumber} (\"{shown}\") hör inte till någon kolumn."),
        Invariant($"Row {Line(row)} has more cells than the header: cell {cellNumber} (\"{shown}\") belongs to no column."),
        "Sätt citattecken runt text som innehåller avgränsaren, eller ta bort överflödiga avgränsare.",
        "Quote text that contains the delimiter, or remove surplus delimiters.");

    public static IssueText MisplacedDelimiter(long row, string label, string delimiter, int surplus)
    {
        var name = delimiter == "\t" ? "tabb" : delimiter;
        return new(
            Invariant($"Rad {Line(row)}: texten i \"{label}\" innehåller \"{name}\" utan citattecken, vilket flyttade resten av raden {surplus} steg åt höger. Raden har lästs som om texten vore citerad."),
            Invariant($"Row {Line(row)}: the text in \"{label}\" contains \"{name}\" without quotes, which pushed the rest of the row {surplus} column(s) to the right. The row was read as if the text were quoted."),
            $"Sätt citattecken runt text som innehåller \"{name}\" (\"så här, till exempel\"), eller exportera med ett verktyg som gör det.",
            $"Put quotes around text that contains \"{name}\" (\"like this, for example\"), or export with a tool that does.");
    }

    public static IssueText DuplicateRow(long row, long first) => new(
        Invariant($"Rad {Line(row)} är identisk med rad {Line(first)}."), Invariant($"Row {Line(row)} is identical to row {Line(first)}."),
        "Ta bort dubbletten.", "Remove the duplicate.");

    public static IssueText UniqueError(long row, string shown, string column, long first) => new(
        Invariant($"Rad {Line(row)}: \"{shown}\" i \"{column}\" finns redan på rad {Line(first)}; värdet måste vara unikt."),
        Invariant($"Row {Line(row)}: \"{shown}\" in \"{column}\" already appears on row {Line(first)}; the value must be unique."),
        "Ge varje rad ett eget värde, eller ta bort dubbletten.",
        "Give every row its own value, or remove the duplicate.");

    public static IssueText PrimaryKey(long row, string names, string key, long first) => new(
        Invariant($"Rad {Line(row)}: nyckeln ({names}) = ({key}) finns redan på rad {Line(first)}."),
        Invariant($"Row {Line(row)}: the key ({names}) = ({key}) already appears on row {Line(first)}."),
        "Varje rad måste ha en egen identitet; rätta eller ta bort dubbletten.",
        "Every row needs its own identity; correct or remove the duplicate.");

    public static IssueText PersonnummerInCell(long row, string label) => new(
        Invariant($"Rad {Line(row)}: kolumnen \"{label}\" innehåller ett personnummer. Personuppgifter får inte publiceras som öppna data."),
        Invariant($"Row {Line(row)}: column \"{label}\" holds a personal identity number. Personal data must not be published as open data."),
        "Ta bort eller avidentifiera värdet innan filen publiceras.",
        "Remove or de-identify the value before the file is published.");

    public static IssueText CoordinatesSwapped(long row, string value) => new(
        Invariant($"Rad {Line(row)}: latitud och longitud har bytt plats ({value}); de har vänts rätt."),
        Invariant($"Row {Line(row)}: latitude and longitude are swapped ({value}); they have been turned the right way."),
        "Latitud (55–69 i Sverige) ska stå i latitudkolumnen och longitud (11–24) i longitudkolumnen.",
        "Latitude (55–69 in Sweden) belongs in the latitude column and longitude (11–24) in the longitude column.");

    public static IssueText CoordinatesOutsideSweden(long row, string value, bool unknownProjection) => new(
        unknownProjection
            ? Invariant($"Rad {Line(row)}: koordinaterna {value} är i ett okänt koordinatsystem.")
            : Invariant($"Rad {Line(row)}: koordinaterna {value} ligger inte i Sverige."),
        unknownProjection
            ? Invariant($"Row {Line(row)}: the coordinates {value} are in an unknown coordinate system.")
            : Invariant($"Row {Line(row)}: the coordinates {value} are not in Sweden."),
        "Ange WGS84 i decimalgrader (t.ex. 57.66, 12.14), eller SWEREF 99 TM / RT 90 i meter.",
        "Give WGS84 decimal degrees (e.g. 57.66, 12.14), or SWEREF 99 TM / RT 90 in metres.");

    /// <summary>A geometry cell's fault or repair (<see cref="Geography.GeometryCheck"/>).</summary>
    public static IssueText Geometry(long row, string column, Geography.GeometryFinding finding)
    {
        var (sv, en, hint, hintEn) = GeometryWords(finding);
        return finding.Repaired
            ? new IssueText($"Rad {Line(row)}: i kolumnen \"{column}\" {sv}.", $"Row {Line(row)}: in column \"{column}\", {en}.", hint, hintEn)
            : new IssueText($"Rad {Line(row)}: geometrin i kolumnen \"{column}\" {sv}.", $"Row {Line(row)}: the geometry in column \"{column}\" {en}.", hint, hintEn);
    }

    /// <summary>A geometry of another kind than its field declares; the kinds in GeoJSON's names, with the Swedish word.</summary>
    public static IssueText GeometryKind(long row, string column, string declared, string found) => new(
        Invariant($"Rad {Line(row)}: kolumnen \"{column}\" ska innehålla {GeometryWord(declared)} ({declared}) men har {GeometryWord(found)} ({found})."),
        Invariant($"Row {Line(row)}: column \"{column}\" must hold a {declared} but holds a {found}."),
        Invariant($"Specifikationen kräver {GeometryWord(declared)} i kolumnen. Rita om objektet, eller publicera det i en datamängd vars specifikation tillåter {GeometryWord(found)}."),
        Invariant($"The specification requires a {declared} in this column. Redraw the feature, or publish it in a dataset whose specification allows a {found}."));

    private static string GeometryWord(string kind) => kind switch
    {
        "Point" => "en punkt",
        "LineString" => "en linje",
        "Polygon" => "en yta",
        "MultiPoint" => "flera punkter",
        "MultiLineString" => "flera linjer",
        "MultiPolygon" => "flera ytor",
        "GeometryCollection" => "en samling geometrier",
        _ => "en geometri",
    };

    /// <summary>(Swedish, English) message body and hint for a geometry fault.</summary>
    private static (string Sv, string En, string HintSv, string HintEn) GeometryWords(Geography.GeometryFinding finding)
    {
        var at = finding.Where is { } w ? $" (vid {w})" : "";
        var atEn = finding.Where is { } w2 ? $" (at {w2})" : "";
        return finding.Fault switch
        {
            Geography.GeometryFault.RingClosed => ("en ring i ytan var inte sluten; den har slutits genom att första punkten upprepats sist",
                "a ring of the area was not closed; it has been closed by repeating its first point at its end",
                "En ring ska sluta i samma punkt som den börjar. Rätta gärna i källan.",
                "A ring must end at the point it starts from. Please correct it in the source."),
            Geography.GeometryFault.OutOfRange => ($"har en koordinat utanför WGS84{at}",
                $"has a coordinate outside WGS84{atEn}",
                "Geometrier ska vara i WGS84 med longitud (−180–180) före latitud (−90–90). Värden i meter (t.ex. SWEREF 99 TM) måste räknas om.",
                "Geometries must be WGS84, longitude (−180–180) before latitude (−90–90). Values in metres (e.g. SWEREF 99 TM) must be converted."),
            Geography.GeometryFault.SelfIntersection => ($"korsar sig själv{at}",
                $"crosses itself{atEn}",
                "En ytas kant får inte korsa sig själv (som en åtta). Rita om ytan, eller dela den i två ytor (MultiPolygon).",
                "An area's edge must not cross itself (like a figure eight). Redraw the area, or split it into two (MultiPolygon)."),
            Geography.GeometryFault.TooFewPoints => ($"har för få punkter{at}",
                $"has too few points{atEn}",
                "En linje behöver minst två olika punkter och en ring minst fyra (den första upprepad sist).",
                "A line needs at least two distinct points and a ring at least four (the first repeated at the end)."),
            Geography.GeometryFault.HoleOutside => ($"har ett hål som ligger utanför ytan{at}",
                $"has a hole outside its area{atEn}",
                "Hål (inre ringar) ska ligga helt inne i ytans yttre ring.",
                "Holes (inner rings) must lie wholly inside the area's outer ring."),
            _ => ($"är inte en giltig geometri{at}", $"is not a valid geometry{atEn}",
                "Kontrollera geometrin i ett GIS-program (t.ex. QGIS: Kontrollera giltighet).",
                "Check the geometry in a GIS program (e.g. QGIS: Check validity)."),
        };
    }

    // ---- Cells ----

    public static IssueText MissingCell(long row, string column) => new(
        Invariant($"Rad {Line(row)} har för få celler: värdet för \"{column}\" saknas helt."),
        Invariant($"Row {Line(row)} has too few cells: there is no value at all for \"{column}\"."),
        "Kontrollera att raden har lika många avgränsare som rubrikraden.",
        "Check that the row has as many delimiters as the header.");

    public static IssueText TypeError(long row, string column, string value, FieldDefinition field)
    {
        var (expectedSv, expectedEn) = Expected(field);
        var (hint, hintEn) = TypeHint(field, value);
        return new(Invariant($"Rad {Line(row)}: \"{value}\" i kolumnen \"{column}\" är inte {expectedSv}."),
            Invariant($"Row {Line(row)}: \"{value}\" in column \"{column}\" is not {expectedEn}."), hint, hintEn);
    }

    public static IssueText EncodingError(long row, string column, string value) => new(
        Invariant($"Rad {Line(row)}: kolumnen \"{column}\" innehåller tecken som inte gick att läsa (\"{value}\")."),
        Invariant($"Row {Line(row)}: column \"{column}\" contains characters that could not be read (\"{value}\")."),
        "Spara filen som UTF-8; blandade teckenkodningar i samma fil ger trasiga å, ä och ö.",
        "Save the file as UTF-8; mixed encodings in one file break å, ä and ö.");

    public static IssueText SoleTraderNumber(long row, string column) => new(
        Invariant($"Rad {Line(row)}: organisationsnumret i \"{column}\" är ett personnummer (enskild firma). Personuppgifter får inte publiceras."),
        Invariant($"Row {Line(row)}: the organisation number in \"{column}\" is a personal identity number (sole trader). Personal data must not be published."),
        "Ta bort eller maskera nummer för enskilda firmor innan filen publiceras.",
        "Remove or mask sole traders' numbers before the file is published.");

    /// <summary>A value that breaks a constraint of its field; <paramref name="constraint"/> is the
    /// Table Schema name of the constraint (<c>required</c>, <c>enum</c>, <c>pattern</c>, …).</summary>
    public static IssueText ConstraintError(string constraint, long row, string column, string value, FieldDefinition field)
    {
        var c = field.Constraints;
        return constraint switch
        {
            "required" => new(Invariant($"Rad {Line(row)}: \"{column}\" är tom men måste fyllas i."),
                Invariant($"Row {Line(row)}: \"{column}\" is empty but must be filled in."),
                $"Fyll i {Describe(field, sv: true)} på varje rad.", $"Fill in {Describe(field, sv: false)} on every row."),
            "enum" => EnumError(row, column, value, c.Enum!),
            "pattern" => new(Invariant($"Rad {Line(row)}: \"{value}\" i \"{column}\" har inte den form specifikationen kräver."),
                Invariant($"Row {Line(row)}: \"{value}\" in \"{column}\" does not have the form the specification requires."),
                field.Description is null ? $"Värdet ska matcha mönstret {c.Pattern}." : $"{field.Description} (mönster: {c.Pattern})",
                field.DescriptionEn is null ? $"The value must match the pattern {c.Pattern}." : $"{field.DescriptionEn} (pattern: {c.Pattern})"),
            "minimum" => new(Invariant($"Rad {Line(row)}: {value} i \"{column}\" är mindre än det minsta tillåtna, {Num(c.Minimum)}."),
                Invariant($"Row {Line(row)}: {value} in \"{column}\" is below the minimum, {Num(c.Minimum)}."),
                $"Ange ett värde från {Num(c.Minimum)} och uppåt.", $"Give a value of {Num(c.Minimum)} or more."),
            "maximum" => new(Invariant($"Rad {Line(row)}: {value} i \"{column}\" är större än det största tillåtna, {Num(c.Maximum)}."),
                Invariant($"Row {Line(row)}: {value} in \"{column}\" is above the maximum, {Num(c.Maximum)}."),
                $"Ange ett värde upp till {Num(c.Maximum)}.", $"Give a value of at most {Num(c.Maximum)}."),
            "minLength" => new(Invariant($"Rad {Line(row)}: \"{value}\" i \"{column}\" är kortare än {c.MinLength} tecken."),
                Invariant($"Row {Line(row)}: \"{value}\" in \"{column}\" is shorter than {c.MinLength} characters."),
                "Komplettera värdet.", "Complete the value."),
            "maxLength" => new(Invariant($"Rad {Line(row)}: värdet i \"{column}\" är längre än {c.MaxLength} tecken."),
                Invariant($"Row {Line(row)}: the value in \"{column}\" is longer than {c.MaxLength} characters."),
                Invariant($"Korta texten till högst {c.MaxLength} tecken."), Invariant($"Shorten the text to at most {c.MaxLength} characters.")),
            _ => new(Invariant($"Rad {Line(row)}: \"{value}\" i \"{column}\" uppfyller inte villkoret {constraint}."),
                Invariant($"Row {Line(row)}: \"{value}\" in \"{column}\" violates the constraint {constraint}."), "Rätta värdet.", "Correct the value."),
        };
    }

    private static IssueText EnumError(long row, string column, string value, IReadOnlyList<string> allowed)
    {
        var list = string.Join(", ", allowed.Take(12));
        var close = allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? Suggestions.Closest(value, allowed);
        return new(Invariant($"Rad {Line(row)}: \"{value}\" är inte ett tillåtet värde i \"{column}\" (tillåtna: {list})."),
            Invariant($"Row {Line(row)}: \"{value}\" is not an allowed value in \"{column}\" (allowed: {list})."),
            close is null ? $"Använd ett av värdena: {list}." : $"Menade du \"{close}\"? Skriv värdet exakt så.",
            close is null ? $"Use one of: {list}." : $"Did you mean \"{close}\"? Write the value exactly like that.");
    }

    /// <summary>What a field's type and format ask for, as a phrase ("ett heltal, t.ex. 42").</summary>
    public static (string Sv, string En) Expected(FieldDefinition field) => (field.Type, CellParsers.NormaliseFormat(field.Format)) switch
    {
        (FieldType.String, "email") => ("en e-postadress, t.ex. info@kommun.se", "an e-mail address, e.g. info@kommun.se"),
        (FieldType.String, "uri") => ("en fullständig webbadress som börjar med https://", "a full web address starting with https://"),
        (FieldType.String, "phone") => ("ett telefonnummer, t.ex. 0501-756100 eller +46 501 756100", "a phone number, e.g. 0501-756100 or +46 501 756100"),
        (FieldType.String, "kommunkod") => ("en kommunkod med fyra siffror som finns hos SCB, t.ex. 1401", "a four-digit municipality code that exists at SCB, e.g. 1401"),
        (FieldType.String, "organisationsnummer") => ("ett organisationsnummer med giltig kontrollsiffra, t.ex. 212000-1355", "an organisation number with a valid check digit, e.g. 212000-1355"),
        (FieldType.String, _) => ("text", "text"),
        (FieldType.Integer, _) => ("ett heltal, t.ex. 42", "a whole number, e.g. 42"),
        (FieldType.Number, _) => ("ett tal, t.ex. 12.5", "a number, e.g. 12.5"),
        (FieldType.Decimal, _) => ("ett exakt decimaltal med högst 20 siffror före och 18 efter decimalpunkten, t.ex. 12345.67",
            "an exact decimal number with at most 20 digits before and 18 after the decimal point, e.g. 12345.67"),
        (FieldType.Boolean, _) => ("true eller false", "true or false"),
        (FieldType.Date, _) => ("ett datum som ÅÅÅÅ-MM-DD, t.ex. 2024-05-28", "a date as YYYY-MM-DD, e.g. 2024-05-28"),
        (FieldType.DateTime, _) => ("datum och tid som 2024-05-28T14:30:00+02:00", "a date and time as 2024-05-28T14:30:00+02:00"),
        (FieldType.Time, _) => ("en tid som 14:30", "a time as 14:30"),
        (FieldType.Year, _) => ("ett årtal med fyra siffror, t.ex. 2024", "a four-digit year, e.g. 2024"),
        (FieldType.GeoPoint, _) => ("en punkt som \"57.66, 12.14\" (latitud, longitud)", "a point as \"57.66, 12.14\" (latitude, longitude)"),
        (FieldType.Geometry, _) => ("en geometri som GeoJSON ({\"type\":\"LineString\",\"coordinates\":[[16.36,56.66],[16.37,56.67]]}) eller WKT (LINESTRING (16.36 56.66, 16.37 56.67))",
            "a geometry as GeoJSON ({\"type\":\"LineString\",\"coordinates\":[[16.36,56.66],[16.37,56.67]]}) or WKT (LINESTRING (16.36 56.66, 16.37 56.67))"),
        _ => ("ett giltigt värde", "a valid value"),
    };

    private static (string, string) TypeHint(FieldDefinition field, string value)
    {
        var v = value.Trim();
        switch (field.Type)
        {
            case FieldType.Number or FieldType.Decimal when v.Contains(',') && v.Contains('.'):
            case FieldType.Decimal when v.Contains(' ') || v.Contains('\u00A0'):
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
            _ => ($"Skriv {Expected(field).Sv}.", $"Write {Expected(field).En}."),
        };
    }

    public static IssueText ValueNormalised(long count, string column, string example, FieldType type)
    {
        var (what, whatEn, canonical, canonicalEn) = type switch
        {
            FieldType.Boolean => ("sanningsvärden som ja/nej eller Y/N", "booleans such as ja/nej or Y/N", "true/false", "true/false"),
            FieldType.Number or FieldType.Decimal => ("tal med decimalkomma", "numbers with a decimal comma", "punkt som decimaltecken (12.5)", "a decimal point (12.5)"),
            FieldType.Date => ("datum i annan form än ÅÅÅÅ-MM-DD", "dates in a form other than YYYY-MM-DD", "ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
            FieldType.DateTime => ("tidpunkter utan tidszon eller i annan form", "date-times without time zone or in another form", "2024-05-28T14:30:00+02:00", "2024-05-28T14:30:00+02:00"),
            FieldType.Time => ("tider med punkt (14.30)", "times written with a point (14.30)", "14:30", "14:30"),
            _ => ("värden med extra mellanslag eller i annan form", "values with extra spaces or in another form", "specifikationens form", "the specification's form"),
        };
        return new($"{NumberFormats.CountSv(count, "värde", "värden")} i \"{column}\" är {what} (t.ex. \"{example}\"); {(count == 1 ? "det" : "de")} har lästs om.",
            $"{NumberFormats.CountEn(count, "value", "values")} in \"{column}\" {(count == 1 ? "is" : "are")} {whatEn} (e.g. \"{example}\"); {(count == 1 ? "it has" : "they have")} been converted.",
            $"Specifikationen anger {canonical}.", $"The specification asks for {canonicalEn}.");
    }

    // ---- The file as a whole ----

    public static IssueText CoordinatesConverted(long count, string crsName, int epsg) => new(
        $"{NumberFormats.CountSv(count, "punkt", "punkter")} var i {crsName} (EPSG:{epsg}) och har räknats om till WGS84.",
        $"{NumberFormats.CountEn(count, "point was", "points were")} in {crsName} (EPSG:{epsg}) and {(count == 1 ? "has" : "have")} been converted to WGS84.",
        "Specifikationen anger WGS84 i decimalgrader; publicera gärna så från början.",
        "The specification asks for WGS84 decimal degrees; publish them that way if you can.");

    public static IssueText MixedEncoding(string encoding, long rowCount, string rows) => new(
        $"Filen är i {encoding}, men {NumberFormats.CountSv(rowCount, "rad", "rader")} innehåller byte som inte är {encoding} (rad {rows}). " +
            (rowCount == 1 ? "Filen har inte kodats om; den raden har inte publicerats och dess oläsbara tecken visas som \uFFFD."
                : "Filen har inte kodats om; de raderna har inte publicerats och deras oläsbara tecken visas som \uFFFD."),
        $"The file is in {encoding}, but {NumberFormats.CountEn(rowCount, "row holds", "rows hold")} bytes that are not {encoding} (row {rows}). " +
            (rowCount == 1 ? "The file has not been re-encoded; that row was not published and its unreadable characters show as \uFFFD."
                : "The file has not been re-encoded; those rows were not published and their unreadable characters show as \uFFFD."),
        "Spara hela filen som UTF-8 i ett och samma program; rader som klistrats in från ett annat program har ofta en annan teckenkodning.",
        "Save the whole file as UTF-8 from one program; rows pasted from another program often carry another encoding.");

    public static IssueText MalformedQuotes(string fields) => new(
        $"{fields} fält har citattecken på fel ställe; de har lästs som vanlig text.",
        $"{fields} fields have quotes in the wrong place; they were read as plain text.",
        "Citattecken inuti citerad text skrivs dubbelt (\"\").", "Quotes inside quoted text are written twice (\"\").");

    public static IssueText NoRows() => new(
        "Filen har en rubrikrad men inga datarader.", "The file has a header but no data rows.",
        "Kontrollera att exporten fick med data.", "Check that the export included the data.");

    public static IssueText TooManyInvalidRows(long valid, long read, double minimumShare) => new(
        Swedish($"Bara {valid:N0} av {NumberFormats.CountSv(read, "rad är giltig", "rader är giltiga")}; minst {minimumShare:P0} krävs för publicering."),
        Invariant($"Only {valid:N0} of {NumberFormats.CountEn(read, "row is", "rows are")} valid; at least {minimumShare:P0} are needed to publish."),
        "Rätta felen nedan; de vanligaste står först i sammanfattningen.",
        "Fix the errors below; the most common are listed first in the summary.");

    public static IssueText SourceError(string reason) => new(
        "Filen kunde inte läsas till slut: " + reason, "The file could not be read to the end: " + reason,
        "Försök igen; kontrollera att adressen svarar och att filen är komplett.",
        "Try again; check that the address responds and that the file is complete.");

    /// <summary>The report's one-paragraph summary for people.</summary>
    public static (string Sv, string En) Summary(ValidationVerdict verdict, long rowsRead, long rowsValid, double score,
        long errors, long warnings, IEnumerable<KeyValuePair<string, long>> totals)
    {
        var (verdictSv, verdictEn) = verdict switch
        {
            ValidationVerdict.Publishable => ("kan publiceras", "publishable"),
            ValidationVerdict.PublishableWithWarnings => ("kan publiceras med anmärkningar", "publishable with warnings"),
            _ => ("stoppad – rätta felen först", "blocked – fix the errors first"),
        };
        var top = totals.OrderByDescending(t => t.Value).Take(3).ToList();
        string TopText(Func<FormattableString, string> write) =>
            top.Count == 0 ? "" : " " + string.Join(", ", top.Select(t => write($"{t.Key} ×{t.Value:N0}"))) + ".";
        return (Swedish($"{rowsValid:N0} av {NumberFormats.CountSv(rowsRead, "rad är giltig", "rader är giltiga")} (poäng {score:0.00}). {NumberFormats.CountSv(errors, "fel", "fel")}, {NumberFormats.CountSv(warnings, "anmärkning", "anmärkningar")}.{TopText(Swedish)} Bedömning: {verdictSv}."),
            Invariant($"{rowsValid:N0} of {NumberFormats.CountEn(rowsRead, "row is", "rows are")} valid (score {score:0.00}). {NumberFormats.CountEn(errors, "error", "errors")}, {NumberFormats.CountEn(warnings, "warning", "warnings")}.{TopText(Invariant)} Verdict: {verdictEn}."));
    }

    /// <summary>The row as a spreadsheet shows it: the header is row 1, so the first data row is row 2.</summary>
    private static long Line(long dataRow) => dataRow + 1;

    /// <summary>Swedish text with Swedish numbers ("2 000", "0,95"); see <see cref="NumberFormats"/>.</summary>
    private static string Swedish(FormattableString text) => text.ToString(NumberFormats.Swedish);

    private static string Describe(FieldDefinition field, bool sv) =>
        (sv ? field.Title : field.TitleEn ?? field.Title) is { } title ? $"\"{field.Name}\" ({title})" : $"\"{field.Name}\"";

    private static string Num(double? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
}
