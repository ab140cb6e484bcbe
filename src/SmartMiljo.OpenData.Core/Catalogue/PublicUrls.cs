using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Core.Catalogue;

/// <summary>
/// The one builder of the platform's public addresses: dataset pages, downloads, OData services and entity
/// sets, DCAT catalogues. With an empty base the addresses are site-relative (the web's own links); with
/// the public base URL they are absolute (DCAT).
/// </summary>
public sealed class PublicUrls(string baseUrl)
{
    /// <summary>Site-relative addresses, for links on the platform's own pages.</summary>
    public static PublicUrls Relative { get; } = new("");

    public string BaseUrl { get; } = baseUrl.TrimEnd('/');

    public string DatasetPage(string organisation, string dataset) => $"{BaseUrl}/datasets/{organisation}/{dataset}";

    public string Download(string organisation, string dataset, string format) => $"{BaseUrl}/download/{organisation}/{dataset}.{format}";

    /// <summary>The rows a version added, removed and changed against the version before it, as CSV or JSON.</summary>
    public string VersionChanges(string organisation, string dataset, int version, string format) =>
        $"{BaseUrl}/download/{organisation}/{dataset}/changes/v{version}.{format}";

    public string InstanceCatalogue => $"{BaseUrl}/datasets/dcat";

    public string OrganisationCatalogue(string organisation) => $"{InstanceCatalogue}/{organisation}";

    public string ODataService(string organisation) => $"{BaseUrl}/odata/{organisation}";

    public string ODataMetadata(string organisation) => ODataService(organisation) + "/$metadata";

    /// <summary>The OpenAPI 3.1 description of one dataset's API (OData, OGC API Features, downloads).</summary>
    public string OpenApiDataset(string organisation, string dataset) => $"{BaseUrl}/openapi/datasets/{organisation}/{dataset}.json";

    /// <summary>The OpenAPI 3.1 description of every dataset of an organisation.</summary>
    public string OpenApiOrganisation(string organisation) => $"{BaseUrl}/openapi/datasets/{organisation}.json";

    /// <summary>The OpenAPI 3.1 description of every published dataset (the regional root).</summary>
    public string OpenApiAll => $"{BaseUrl}/openapi/datasets.json";

    /// <summary>A specification version as the API answers it; the IRI of a draft specification dataportal.se has not registered.</summary>
    public string Specification(string id, string version) => $"{BaseUrl}/api/specifications/{id}/{version}";

    /// <summary>The entity set of a dataset in its organisation's OData service.</summary>
    public string ODataEntitySet(string organisation, string dataset) =>
        ODataService(organisation) + "/" + EntitySetName(organisation, dataset, regional: false);

    /// <summary>The entity-set name of a dataset: its slug as an identifier in the organisation's service,
    /// prefixed by the organisation's in the regional one (all organisations together).</summary>
    public static string EntitySetName(string organisation, string dataset, bool regional) =>
        regional ? TableLayout.ToIdentifier(organisation) + "_" + TableLayout.ToIdentifier(dataset) : TableLayout.ToIdentifier(dataset);
}
