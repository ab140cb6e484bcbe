using SmartMiljo.OpenData.Rdf.Mqa;

namespace SmartMiljo.OpenData.Web.Catalogue;

/// <summary>The MQA indicators in the page's language, with what the publisher can do about a shortfall.</summary>
public static class MqaLabels
{
    private static readonly Dictionary<string, (string En, string HintSv, string HintEn)> Indicators = new(StringComparer.Ordinal)
    {
        ["Nyckelord"] = ("Keywords", "Ange nyckelord.", "Give keywords."),
        ["Kategorier"] = ("Themes", "Välj minst ett tema.", "Choose at least one theme."),
        ["Geografisk täckning"] = ("Spatial coverage", "Ange vilket område data gäller.", "State the area the data covers."),
        ["Tidsmässig täckning"] = ("Temporal coverage", "Ange vilken tidsperiod data gäller.", "State the period the data covers."),
        ["Åtkomst-URL svarar"] = ("Access URL answers", "Åtkomstadressen ska svara.", "The access address must answer."),
        ["Nedladdnings-URL finns"] = ("Download URL present", "Varje distribution behöver en nedladdningsadress.", "Every distribution needs a download address."),
        ["Nedladdnings-URL svarar"] = ("Download URL answers", "Nedladdningsadressen ska svara.", "The download address must answer."),
        ["Format"] = ("Format", "Varje distribution behöver ett format.", "Every distribution needs a format."),
        ["Mediatyp"] = ("Media type", "Varje distribution behöver en mediatyp.", "Every distribution needs a media type."),
        ["Format/mediatyp från vokabulär"] = ("Format/media type from vocabulary", "Använd EU:s filtyper.", "Use the EU file types."),
        ["Icke-proprietärt format"] = ("Non-proprietary format", "Publicera i ett öppet format.", "Publish in an open format."),
        ["Maskinläsbart format"] = ("Machine-readable format", "Publicera i ett maskinläsbart format.", "Publish in a machine-readable format."),
        ["DCAT-AP-efterlevnad"] = ("DCAT-AP compliance", "", ""),
        ["Licens"] = ("Licence", "Välj en licens.", "Choose a licence."),
        ["Licens från vokabulär"] = ("Licence from vocabulary", "Välj CC0 eller CC BY 4.0.", "Choose CC0 or CC BY 4.0."),
        ["Åtkomsträttigheter"] = ("Access rights", "Ange åtkomsträttigheter.", "State the access rights."),
        ["Åtkomsträttigheter från vokabulär"] = ("Access rights from vocabulary", "Välj publik, begränsad eller ej offentlig.", "Choose public, restricted or non-public."),
        ["Kontaktpunkt"] = ("Contact point", "Ange en e-postadress för frågor om data.", "Give an e-mail address for questions about the data."),
        ["Utgivare"] = ("Publisher", "Datamängden behöver en utgivare.", "The dataset needs a publisher."),
        ["Rättigheter"] = ("Rights", "Distributionerna behöver en rättighetsbeskrivning.", "The distributions need a rights statement."),
        ["Filstorlek"] = ("Byte size", "Distributionerna behöver en filstorlek.", "The distributions need a byte size."),
        ["Publiceringsdatum"] = ("Issued", "Ange publiceringsdatum.", "Give the date of publication."),
        ["Ändringsdatum"] = ("Modified", "Ange ändringsdatum.", "Give the date of the last change."),
    };

    public static string Name(MqaIndicator indicator) =>
        Indicators.TryGetValue(indicator.Name, out var t) ? Labels.L(indicator.Name, t.En) : indicator.Name;

    public static string Hint(MqaIndicator indicator) =>
        Indicators.TryGetValue(indicator.Name, out var t) ? Labels.L(t.HintSv, t.HintEn) : indicator.Todo ?? "";

    public static string Rating(MqaRating rating) => rating switch
    {
        MqaRating.Excellent => Labels.L("Utmärkt", "Excellent"),
        MqaRating.Good => Labels.L("Bra", "Good"),
        MqaRating.Sufficient => Labels.L("Tillräcklig", "Sufficient"),
        _ => Labels.L("Bristfällig", "Bad"),
    };

    /// <summary>Points as dataportal.se shows them (one decimal only when a distribution share makes one).</summary>
    public static string Points(double points) => points.ToString(points % 1 == 0 ? "0" : "0.0", System.Globalization.CultureInfo.InvariantCulture);
}
