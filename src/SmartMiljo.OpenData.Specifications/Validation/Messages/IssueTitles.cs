namespace SmartMiljo.OpenData.Specifications.Validation.Messages;

/// <summary>The name of each kind of problem, in Swedish and English, as the heading of a group of
/// issues in a report ("Värden av fel slag – 12 rader"). The single issue's words stay in
/// <see cref="ValidationMessages"/>.</summary>
public static class IssueTitles
{
    private static readonly Dictionary<string, (string Sv, string En)> Titles = new(StringComparer.Ordinal)
    {
        [IssueCodes.BlankLabel] = ("Kolumner utan namn", "Columns without a name"),
        [IssueCodes.DuplicateLabel] = ("Kolumnnamn som finns två gånger", "Column names that appear twice"),
        [IssueCodes.IncorrectLabel] = ("Kolumner med ett annat namn än i specifikationen", "Columns named differently from the specification"),
        [IssueCodes.MissingLabel] = ("Kolumner som saknas", "Missing columns"),
        [IssueCodes.ExtraLabel] = ("Kolumner som inte finns i specifikationen", "Columns the specification does not have"),
        [IssueCodes.ExtraCell] = ("Rader med fler celler än rubrikraden", "Rows with more cells than the header"),
        [IssueCodes.MissingCell] = ("Rader med för få celler", "Rows with too few cells"),
        [IssueCodes.BlankRow] = ("Tomma rader", "Empty rows"),
        [IssueCodes.DuplicateRow] = ("Rader som finns två gånger", "Rows that appear twice"),
        [IssueCodes.TypeError] = ("Värden av fel slag", "Values of the wrong kind"),
        [IssueCodes.ConstraintError] = ("Värden som inte följer specifikationens regler", "Values that break the specification's rules"),
        [IssueCodes.UniqueError] = ("Värden som ska vara unika men upprepas", "Values that must be unique but repeat"),
        [IssueCodes.PrimaryKey] = ("Nycklar som upprepas", "Keys that repeat"),
        [IssueCodes.EncodingError] = ("Tecken som inte gick att läsa", "Characters that could not be read"),
        [IssueCodes.SourceError] = ("Filen kunde inte läsas till slut", "The file could not be read to the end"),
        [IssueCodes.FormatError] = ("Filen har ett format som inte kan läsas", "The file's format cannot be read"),
        [IssueCodes.EmptyFile] = ("Filen är tom", "The file is empty"),
        [IssueCodes.NoRows] = ("Inga datarader", "No data rows"),
        [IssueCodes.TooManyInvalidRows] = ("För många rader med fel", "Too many rows with errors"),
        [IssueCodes.PersonalData] = ("Personuppgifter", "Personal data"),
        [IssueCodes.ValueNormalised] = ("Värden som har lästs om", "Values that were converted"),
        [IssueCodes.MisplacedDelimiter] = ("Avgränsare i text utan citattecken", "Delimiters in unquoted text"),
        [IssueCodes.MalformedQuotes] = ("Citattecken på fel ställe", "Quotes in the wrong place"),
        [IssueCodes.MixedEncoding] = ("Rader i en annan teckenkodning", "Rows in another encoding"),
        [IssueCodes.CoordinatesConverted] = ("Koordinater som har räknats om", "Coordinates that were converted"),
        [IssueCodes.CoordinatesSwapped] = ("Koordinater som hade bytt plats", "Coordinates that were swapped"),
        [IssueCodes.CoordinatesOutsideSweden] = ("Koordinater utanför Sverige", "Coordinates outside Sweden"),
        [IssueCodes.InvalidGeometry] = ("Ogiltiga geometrier", "Invalid geometries"),
        [IssueCodes.GeometryRepaired] = ("Geometrier som har lagats", "Geometries that were repaired"),
        [IssueCodes.UnknownSpecification] = ("Okänd specifikation", "Unknown specification"),
    };

    /// <summary>The title of a kind of problem; an unknown code is its own title.</summary>
    public static (string Sv, string En) Of(string code) => Titles.TryGetValue(code, out var title) ? title : (code, code);

    /// <summary>True when every code the validator reports has a title (checked by a test).</summary>
    public static bool Has(string code) => Titles.ContainsKey(code);
}
