
namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// The stable IRIs of everything we publish. Datasets live at <c>{base}/datasets/{org}/{dataset}</c> (served
/// as HTML/RDF by the platform); their distributions, data service and own contact are fragments of that
/// IRI, so they resolve to the dataset's page without extra routes and stay stable across harvests.
/// </summary>
public sealed class DcatIris
{
    public const string DataportalOrganisationNamespace = "http://dataportal.se/organisation/SE";

    public string BaseUrl { get; }

    public DcatIris(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new DcatMappingException($"The base URL '{baseUrl}' must be an absolute http(s) URL.");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new DcatMappingException($"The base URL '{baseUrl}' must not have a query or fragment.");
        BaseUrl = baseUrl.TrimEnd('/');
        if (!Iri.IsValid(BaseUrl)) throw new DcatMappingException($"The base URL '{baseUrl}' is not a valid IRI.");
    }

    public string InstanceCatalogue => BaseUrl + "/datasets/dcat";
    public string OrganisationCatalogue(string org) => InstanceCatalogue + "/" + Slug(org, "organisation slug");
    public string Dataset(string org, string dataset) => BaseUrl + "/datasets/" + Slug(org, "organisation slug") + "/" + Slug(dataset, "dataset slug");
    public static string Distribution(string datasetIri, string format) => datasetIri + "#distribution-" + Slug(format.ToLowerInvariant(), "distribution format");
    public static string DataService(string datasetIri) => datasetIri + "#odata-service";
    public static string DatasetContact(string datasetIri) => datasetIri + "#contact";
    public string OrganisationContact(string org) => BaseUrl + "/organisations/" + Slug(org, "organisation slug") + "#contact";
    /// <summary>A page of a keyset-paged catalogue: the datasets after the key <paramref name="after"/> (empty: from the start).</summary>
    public static string PageIri(string catalogueIri, string after) => catalogueIri + "?after=" + Uri.EscapeDataString(after).Replace("%2F", "/", StringComparison.Ordinal);

    /// <summary>The publisher IRI DCAT-AP-SE fixes: http://dataportal.se/organisation/SE + 10-digit organisationsnummer.</summary>
    public static string Publisher(string organisationNumber)
    {
        var digits = organisationNumber.Replace("-", "", StringComparison.Ordinal).Trim();
        if (digits.StartsWith("SE", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        if (digits.Length == 12 && digits.EndsWith("01", StringComparison.Ordinal)) digits = digits[..10]; // VAT form SE…01
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
            throw new DcatMappingException($"Organisationsnummer '{organisationNumber}' must be ten digits (e.g. 2120001234).");
        return DataportalOrganisationNamespace + digits;
    }

    private static string Slug(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            throw new DcatMappingException($"The {what} '{value}' may only contain lower-case letters a–z, digits, '-', '_' and '.'.");
        return value;
    }
}
