using System.Globalization;
using SmartMiljo.OpenData.Core.Catalogue;

namespace SmartMiljo.OpenData.Web.Catalogue;

/// <summary>Swedish first, English second: texts pick the language of the request's UI culture.</summary>
public static class Labels
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string L(string swedish, string english) => English ? english : swedish;

    private static readonly Dictionary<string, (string Sv, string En)> Themes = new(StringComparer.Ordinal)
    {
        ["AGRI"] = ("Jordbruk, fiske, skogsbruk och livsmedel", "Agriculture, fisheries, forestry and food"),
        ["ECON"] = ("Ekonomi och finans", "Economy and finance"),
        ["EDUC"] = ("Utbildning, kultur och sport", "Education, culture and sport"),
        ["ENER"] = ("Energi", "Energy"),
        ["ENVI"] = ("Miljö", "Environment"),
        ["GOVE"] = ("Regeringen och den offentliga sektorn", "Government and public sector"),
        ["HEAL"] = ("Hälsa", "Health"),
        ["INTR"] = ("Internationella frågor", "International issues"),
        ["JUST"] = ("Rättvisa, rättssystem och allmän säkerhet", "Justice, legal system and public safety"),
        ["REGI"] = ("Regioner och städer", "Regions and cities"),
        ["SOCI"] = ("Befolkning och samhälle", "Population and society"),
        ["TECH"] = ("Vetenskap och teknik", "Science and technology"),
        ["TRAN"] = ("Transport", "Transport"),
    };

    public static IEnumerable<string> ThemeCodes => Themes.Keys;

    public static string Theme(string code) => Themes.TryGetValue(code, out var t) ? L(t.Sv, t.En) : code;

    private static readonly string[] GoalsSv =
    [
        "Ingen fattigdom", "Ingen hunger", "Hälsa och välbefinnande", "God utbildning för alla", "Jämställdhet",
        "Rent vatten och sanitet för alla", "Hållbar energi för alla", "Anständiga arbetsvillkor och ekonomisk tillväxt",
        "Hållbar industri, innovationer och infrastruktur", "Minskad ojämlikhet", "Hållbara städer och samhällen",
        "Hållbar konsumtion och produktion", "Bekämpa klimatförändringarna", "Hav och marina resurser", "Ekosystem och biologisk mångfald",
        "Fredliga och inkluderande samhällen", "Genomförande och globalt partnerskap",
    ];

    private static readonly string[] GoalsEn =
    [
        "No poverty", "Zero hunger", "Good health and well-being", "Quality education", "Gender equality",
        "Clean water and sanitation", "Affordable and clean energy", "Decent work and economic growth",
        "Industry, innovation and infrastructure", "Reduced inequalities", "Sustainable cities and communities",
        "Responsible consumption and production", "Climate action", "Life below water", "Life on land",
        "Peace, justice and strong institutions", "Partnerships for the goals",
    ];

    public static string Goal(int goal) => goal is >= 1 and <= 17 ? $"{goal}. {(English ? GoalsEn : GoalsSv)[goal - 1]}" : goal.ToString(CultureInfo.InvariantCulture);

    public static string License(string iri) => iri switch
    {
        Licenses.Cc0 => L("CC0 – fri att använda utan villkor", "CC0 – free to use without conditions"),
        Licenses.CcBy40 => L("CC BY 4.0 – fri att använda om källan anges", "CC BY 4.0 – free to use with attribution"),
        _ => iri,
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} kB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GB",
    };

    public static string Date(DateTimeOffset? at) => at is { } v
        ? TimeZoneInfo.ConvertTime(v, Stockholm).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "–";

    private static readonly TimeZoneInfo Stockholm = FindStockholm();

    private static TimeZoneInfo FindStockholm()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
