namespace SmartMiljo.OpenData.Rdf;

/// <summary>
/// IRIs of the vocabularies DCAT-AP-SE uses, as static <see cref="Iri"/> instances so hot paths never re-validate.
/// Nested in <c>Vocab</c> so that names like <c>Vocab.Dcat</c> never clash with namespaces.
/// </summary>
public static class Vocab
{
    public static class Rdf
    {
        public const string Namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        public static readonly Iri Type = Iri.Create(Namespace + "type");
        public static readonly Iri LangString = Iri.Create(Namespace + "langString");
        public static readonly Iri First = Iri.Create(Namespace + "first");
        public static readonly Iri Rest = Iri.Create(Namespace + "rest");
        public static readonly Iri Nil = Iri.Create(Namespace + "nil");
        public static readonly Iri XmlLiteral = Iri.Create(Namespace + "XMLLiteral");
        public static readonly Iri JsonLiteral = Iri.Create(Namespace + "JSON");
    }

    public static class Rdfs
    {
        public const string Namespace = "http://www.w3.org/2000/01/rdf-schema#";
        public static readonly Iri Label = Iri.Create(Namespace + "label");
        public static readonly Iri SubClassOf = Iri.Create(Namespace + "subClassOf");
    }

    public static class Xsd
    {
        public const string Namespace = "http://www.w3.org/2001/XMLSchema#";
        public static readonly Iri String = Iri.Create(Namespace + "string");
        public static readonly Iri Date = Iri.Create(Namespace + "date");
        public static readonly Iri DateTime = Iri.Create(Namespace + "dateTime");
        public static readonly Iri GYear = Iri.Create(Namespace + "gYear");
        public static readonly Iri Integer = Iri.Create(Namespace + "integer");
        public static readonly Iri NonNegativeInteger = Iri.Create(Namespace + "nonNegativeInteger");
        public static readonly Iri Decimal = Iri.Create(Namespace + "decimal");
        public static readonly Iri Double = Iri.Create(Namespace + "double");
        public static readonly Iri Boolean = Iri.Create(Namespace + "boolean");
        public static readonly Iri HexBinary = Iri.Create(Namespace + "hexBinary");
        public static readonly Iri AnyUri = Iri.Create(Namespace + "anyURI");
    }

    public static class Dcat
    {
        public const string Namespace = "http://www.w3.org/ns/dcat#";
        public static readonly Iri Catalog = Iri.Create(Namespace + "Catalog");
        public static readonly Iri Dataset = Iri.Create(Namespace + "Dataset");
        public static readonly Iri Distribution = Iri.Create(Namespace + "Distribution");
        public static readonly Iri DataService = Iri.Create(Namespace + "DataService");
        public static readonly Iri CatalogRecord = Iri.Create(Namespace + "CatalogRecord");
        public static readonly Iri DatasetProperty = Iri.Create(Namespace + "dataset");
        public static readonly Iri DistributionProperty = Iri.Create(Namespace + "distribution");
        public static readonly Iri Service = Iri.Create(Namespace + "service");
        public static readonly Iri ThemeTaxonomy = Iri.Create(Namespace + "themeTaxonomy");
        public static readonly Iri Theme = Iri.Create(Namespace + "theme");
        public static readonly Iri Keyword = Iri.Create(Namespace + "keyword");
        public static readonly Iri ContactPoint = Iri.Create(Namespace + "contactPoint");
        public static readonly Iri LandingPage = Iri.Create(Namespace + "landingPage");
        public static readonly Iri InSeries = Iri.Create(Namespace + "inSeries");
        public static readonly Iri DatasetSeries = Iri.Create(Namespace + "DatasetSeries");
        public static readonly Iri AccessUrl = Iri.Create(Namespace + "accessURL");
        public static readonly Iri DownloadUrl = Iri.Create(Namespace + "downloadURL");
        public static readonly Iri AccessService = Iri.Create(Namespace + "accessService");
        public static readonly Iri MediaType = Iri.Create(Namespace + "mediaType");
        public static readonly Iri ByteSize = Iri.Create(Namespace + "byteSize");
        public static readonly Iri EndpointUrl = Iri.Create(Namespace + "endpointURL");
        public static readonly Iri EndpointDescription = Iri.Create(Namespace + "endpointDescription");
        public static readonly Iri ServesDataset = Iri.Create(Namespace + "servesDataset");
        public static readonly Iri StartDate = Iri.Create(Namespace + "startDate");
        public static readonly Iri EndDate = Iri.Create(Namespace + "endDate");
        public static readonly Iri Bbox = Iri.Create(Namespace + "bbox");
        public static readonly Iri Centroid = Iri.Create(Namespace + "centroid");
    }

    public static class Dct
    {
        public const string Namespace = "http://purl.org/dc/terms/";
        public static readonly Iri Title = Iri.Create(Namespace + "title");
        public static readonly Iri Description = Iri.Create(Namespace + "description");
        public static readonly Iri Publisher = Iri.Create(Namespace + "publisher");
        public static readonly Iri License = Iri.Create(Namespace + "license");
        public static readonly Iri Issued = Iri.Create(Namespace + "issued");
        public static readonly Iri Modified = Iri.Create(Namespace + "modified");
        public static readonly Iri Language = Iri.Create(Namespace + "language");
        public static readonly Iri Spatial = Iri.Create(Namespace + "spatial");
        public static readonly Iri Temporal = Iri.Create(Namespace + "temporal");
        public static readonly Iri ConformsTo = Iri.Create(Namespace + "conformsTo");
        public static readonly Iri AccessRights = Iri.Create(Namespace + "accessRights");
        public static readonly Iri AccrualPeriodicity = Iri.Create(Namespace + "accrualPeriodicity");
        public static readonly Iri Format = Iri.Create(Namespace + "format");
        public static readonly Iri Identifier = Iri.Create(Namespace + "identifier");
        public static readonly Iri Type = Iri.Create(Namespace + "type");
        public static readonly Iri HasPart = Iri.Create(Namespace + "hasPart");
        public static readonly Iri Subject = Iri.Create(Namespace + "subject");
        public static readonly Iri Rights = Iri.Create(Namespace + "rights");
        public static readonly Iri PeriodOfTime = Iri.Create(Namespace + "PeriodOfTime");
        public static readonly Iri Location = Iri.Create(Namespace + "Location");
        public static readonly Iri Standard = Iri.Create(Namespace + "Standard");
        public static readonly Iri LicenseDocument = Iri.Create(Namespace + "LicenseDocument");
        public static readonly Iri RightsStatement = Iri.Create(Namespace + "RightsStatement");
        public static readonly Iri Frequency = Iri.Create(Namespace + "Frequency");
        public static readonly Iri MediaTypeClass = Iri.Create(Namespace + "MediaType");
        public static readonly Iri MediaTypeOrExtent = Iri.Create(Namespace + "MediaTypeOrExtent");
        public static readonly Iri LinguisticSystem = Iri.Create(Namespace + "LinguisticSystem");
    }

    public static class Foaf
    {
        public const string Namespace = "http://xmlns.com/foaf/0.1/";
        public static readonly Iri Agent = Iri.Create(Namespace + "Agent");
        public static readonly Iri Organization = Iri.Create(Namespace + "Organization");
        public static readonly Iri Name = Iri.Create(Namespace + "name");
        public static readonly Iri Homepage = Iri.Create(Namespace + "homepage");
        public static readonly Iri Page = Iri.Create(Namespace + "page");
        public static readonly Iri Document = Iri.Create(Namespace + "Document");
    }

    public static class Vcard
    {
        public const string Namespace = "http://www.w3.org/2006/vcard/ns#";
        public static readonly Iri Organization = Iri.Create(Namespace + "Organization");
        public static readonly Iri Individual = Iri.Create(Namespace + "Individual");
        public static readonly Iri Kind = Iri.Create(Namespace + "Kind");
        public static readonly Iri Fn = Iri.Create(Namespace + "fn");
        public static readonly Iri HasEmail = Iri.Create(Namespace + "hasEmail");
        public static readonly Iri HasTelephone = Iri.Create(Namespace + "hasTelephone");
        public static readonly Iri HasValue = Iri.Create(Namespace + "hasValue");
        public static readonly Iri HasUrl = Iri.Create(Namespace + "hasURL");
        public static readonly Iri HasAddress = Iri.Create(Namespace + "hasAddress");
        public static readonly Iri Address = Iri.Create(Namespace + "Address");
        public static readonly Iri StreetAddress = Iri.Create(Namespace + "street-address");
        public static readonly Iri PostalCode = Iri.Create(Namespace + "postal-code");
        public static readonly Iri Locality = Iri.Create(Namespace + "locality");
    }

    public static class DcatAp
    {
        public const string Namespace = "http://data.europa.eu/r5r/";
        public static readonly Iri Availability = Iri.Create(Namespace + "availability");
        public static readonly Iri ApplicableLegislation = Iri.Create(Namespace + "applicableLegislation");
        public static readonly Iri HvdCategory = Iri.Create(Namespace + "hvdCategory");
    }

    public static class Spdx
    {
        public const string Namespace = "http://spdx.org/rdf/terms#";
        public static readonly Iri Checksum = Iri.Create(Namespace + "checksum");
        public static readonly Iri ChecksumClass = Iri.Create(Namespace + "Checksum");
        public static readonly Iri Algorithm = Iri.Create(Namespace + "algorithm");
        public static readonly Iri ChecksumValue = Iri.Create(Namespace + "checksumValue");
        public static readonly Iri Sha256 = Iri.Create(Namespace + "checksumAlgorithm_sha256");
    }

    public static class Adms
    {
        public const string Namespace = "http://www.w3.org/ns/adms#";
        public const string PublisherTypeNamespace = "http://purl.org/adms/publishertype/";
    }

    public static class Hydra
    {
        public const string Namespace = "http://www.w3.org/ns/hydra/core#";
        public static readonly Iri PartialCollectionView = Iri.Create(Namespace + "PartialCollectionView");
        public static readonly Iri View = Iri.Create(Namespace + "view");
        public static readonly Iri First = Iri.Create(Namespace + "first");
        public static readonly Iri Last = Iri.Create(Namespace + "last");
        public static readonly Iri Next = Iri.Create(Namespace + "next");
        public static readonly Iri Previous = Iri.Create(Namespace + "previous");
        public static readonly Iri TotalItems = Iri.Create(Namespace + "totalItems");
        public static readonly Iri ItemsPerPage = Iri.Create(Namespace + "itemsPerPage");
    }

    public static class Geo
    {
        public const string GeoSparqlNamespace = "http://www.opengis.net/ont/geosparql#";
        public static readonly Iri WktLiteral = Iri.Create(GeoSparqlNamespace + "wktLiteral");
        public const string LocnNamespace = "http://www.w3.org/ns/locn#";
    }

    public static class Sh
    {
        public const string Namespace = "http://www.w3.org/ns/shacl#";
    }
}
