using Cronos;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Rdf.Shacl;

namespace SmartMiljo.OpenData.Api.Dataportal;

/// <summary>Configuration section <c>Dataportal</c>: what the platform assumes about dataportal.se.</summary>
public sealed class DataportalOptions
{
    public const string SectionName = "Dataportal";

    /// <summary>
    /// When dataportal.se harvests a registered catalogue, as a cron expression in <c>Harvesting:TimeZone</c>. An
    /// assumption: dataportal.se (DIGG) harvests registered sources once a day, at night, and publishes no exact time;
    /// set this when the operator learns the real one.
    /// </summary>
    public string HarvestSchedule { get; set; } = "0 2 * * *";
}

/// <summary>One thing to do for a better quality score, in plain words, with the points it brings.</summary>
public sealed record DataportalTodo(string Swedish, string English, double Points);

/// <summary>What dataportal.se sees of one dataset.</summary>
public sealed record DataportalDatasetStatus(
    string Slug, string Iri, string? Title, double Points, int MaxPoints, MqaRating Rating, bool PassesShapes, int Violations, int Warnings,
    IReadOnlyList<DataportalTodo> Todos);

/// <summary>What dataportal.se sees of an organisation: the address to register, the shapes' verdict, the quality
/// score with what to do, and when it would next harvest.</summary>
public sealed record DataportalStatus(
    string Organisation, string DcatAddress, bool PassesShapes, int Violations, int Warnings, double Points, int MaxPoints, MqaRating Rating,
    DateTimeOffset NextHarvest, IReadOnlyList<DataportalDatasetStatus> Datasets);

/// <summary>
/// Builds the organisation's DCAT catalogue as dataportal.se would fetch it, checks it against the SHACL shapes
/// (DCAT-AP 3.0.1 and DCAT-AP-SE) and scores it with the MQA method as dataportal.se counts it (375 points; URL
/// reachability is not probed here, so those points show as a to-do only when a dataset has no distribution).
/// </summary>
public sealed class DataportalReporter(
    IDcatCatalogueSource catalogue, DcatShapeProvider shapes, IOptions<DataportalOptions> options, IOptions<HarvestOptions> harvest, TimeProvider clock)
{
    public async Task<DataportalStatus?> ForOrganisationAsync(string organisation, string baseUrl, CancellationToken ct)
    {
        if (!(await catalogue.GetVersionAsync(organisation, ct)).Exists) return null;
        var graph = await DcatCatalogueWriter.BuildGraphAsync(await catalogue.GetInstanceAsync(ct), catalogue.GetOrganisationsAsync(organisation, DcatKeyRange.All, ct), ct);
        var validation = shapes.Validator.Validate(graph);
        var score = await new MqaScorer(null, shapes.ComplianceShapes).ScoreAsync(graph, ct);
        var results = validation.Sets.SelectMany(s => s.Report.Results).ToList();
        var iris = new DcatIris(baseUrl);

        var datasets = score.Datasets.Select(d =>
        {
            var own = results.Where(r => r.FocusNode == d.Dataset || r.FocusNode.StartsWith(d.Dataset + "#", StringComparison.Ordinal)).ToList();
            var violations = own.Count(r => r.Severity == ShaclSeverity.Violation);
            return new DataportalDatasetStatus(SlugOf(d.Dataset), d.Dataset, d.Title, d.SwedishPoints, MqaDatasetScore.SwedishMaxPoints, d.SwedishRating,
                violations == 0, violations, own.Count(r => r.Severity == ShaclSeverity.Warning), MqaPlainWords.Todos(d));
        }).OrderBy(d => d.Title ?? d.Slug, StringComparer.CurrentCulture).ToList();

        return new DataportalStatus(organisation, iris.OrganisationCatalogue(organisation), validation.Conforms, validation.Violations, validation.Warnings,
            score.SwedishPoints, MqaDatasetScore.SwedishMaxPoints, score.SwedishRating, NextHarvest(), datasets);
    }

    /// <summary>The next time dataportal.se would harvest, by <see cref="DataportalOptions.HarvestSchedule"/>.</summary>
    public DateTimeOffset NextHarvest()
    {
        var zone = HarvestScheduler.ResolveTimeZone(harvest.Value.TimeZone);
        var cron = CronExpression.Parse(options.Value.HarvestSchedule);
        return cron.GetNextOccurrence(clock.GetUtcNow(), zone) ?? clock.GetUtcNow().AddDays(1);
    }

    private static string SlugOf(string datasetIri) => datasetIri[(datasetIri.LastIndexOf('/') + 1)..];
}

/// <summary>The MQA indicators as a publisher reads them: what to do, in plain Swedish and English, never a property name.</summary>
public static class MqaPlainWords
{
    private static readonly Dictionary<string, (string Sv, string En)> Words = new(StringComparer.Ordinal)
    {
        ["Nyckelord"] = ("lägg till nyckelord som beskriver datan", "add keywords that describe the data"),
        ["Kategorier"] = ("välj minst ett tema, t.ex. Miljö", "choose at least one theme, e.g. Environment"),
        ["Geografisk täckning"] = ("ange vilket område datan gäller (organisationens plats)", "state the area the data covers (the organisation's place)"),
        ["Tidsmässig täckning"] = ("lägg till vilken tidsperiod datan gäller", "add the time period the data covers"),
        ["Åtkomst-URL svarar"] = ("se till att adressen till datan svarar", "make sure the data's address answers"),
        ["Nedladdnings-URL finns"] = ("ge en direktlänk där filen kan laddas ned", "give a direct link where the file can be downloaded"),
        ["Nedladdnings-URL svarar"] = ("se till att nedladdningslänken svarar", "make sure the download link answers"),
        ["Format"] = ("ange filformatet", "state the file format"),
        ["Mediatyp"] = ("ange filtypen (mediatyp)", "state the file type (media type)"),
        ["Format/mediatyp från vokabulär"] = ("använd EU:s namn på filformaten", "use the EU's names for the file formats"),
        ["Icke-proprietärt format"] = ("erbjud även ett öppet format, t.ex. CSV", "also offer an open format, e.g. CSV"),
        ["Maskinläsbart format"] = ("erbjud ett maskinläsbart format, t.ex. CSV eller GeoJSON", "offer a machine-readable format, e.g. CSV or GeoJSON"),
        ["Licens"] = ("välj en licens, t.ex. CC BY 4.0", "choose a licence, e.g. CC BY 4.0"),
        ["Licens från vokabulär"] = ("välj licensen ur listan (CC0 eller CC BY 4.0)", "pick the licence from the list (CC0 or CC BY 4.0)"),
        ["Åtkomsträttigheter"] = ("ange vem som får använda datan, t.ex. öppen för alla", "state who may use the data, e.g. open to everyone"),
        ["Åtkomsträttigheter från vokabulär"] = ("välj vem som får använda datan ur listan", "pick who may use the data from the list"),
        ["Kontaktpunkt"] = ("ange en e-postadress för frågor om datan", "give an e-mail address for questions about the data"),
        ["Utgivare"] = ("fyll i organisationsnumret, så att dataportal.se vet vem som ger ut datan", "fill in the organisation number, so dataportal.se knows who publishes the data"),
        ["Rättigheter"] = ("beskriv rättigheterna till datan", "describe the rights to the data"),
        ["Filstorlek"] = ("ange filernas storlek", "state the files' size"),
        ["Publiceringsdatum"] = ("ange när datan först publicerades", "state when the data was first published"),
        ["Ändringsdatum"] = ("ange när datan senast ändrades", "state when the data last changed"),
    };

    /// <summary>What would raise the dataset's score on dataportal.se, biggest gain first.</summary>
    public static IReadOnlyList<DataportalTodo> Todos(MqaDatasetScore score) => score.Indicators
        .Where(i => i.CountedInSweden && i.Check is MqaCheck.NotMet or MqaCheck.PartlyMet && i.Points < i.MaxPoints)
        .Select(i =>
        {
            var (sv, en) = Words.TryGetValue(i.Name, out var words) ? words : (i.Todo ?? i.Name, i.Name);
            return new DataportalTodo(sv, en, Math.Round(i.MaxPoints - i.Points, 1));
        })
        .OrderByDescending(t => t.Points).ToList();

    public static string Rating(MqaRating rating, bool english) => rating switch
    {
        MqaRating.Excellent => english ? "excellent" : "utmärkt",
        MqaRating.Good => english ? "good" : "bra",
        MqaRating.Sufficient => english ? "sufficient" : "tillräcklig",
        _ => english ? "poor" : "bristfällig",
    };
}
