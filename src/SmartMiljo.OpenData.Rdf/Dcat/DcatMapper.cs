using System.Globalization;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// Maps the DCAT input records to RDF descriptions, one small batch per catalogue, organisation and dataset,
/// so a writer can stream them. Controlled-vocabulary IRIs we reference (licences, themes, frequencies,
/// formats, …) are typed once per document (e.g. <c>&lt;…/data-theme/ENVI&gt; a skos:Concept</c>) because the EU
/// range and HVD shapes check classes and a harvester does not load the vocabularies.
/// </summary>
public sealed class DcatMapper
{
    private const string Skos = "http://www.w3.org/2004/02/skos/core#";
    private const string Eli = "http://data.europa.eu/eli/ontology#";
    private static readonly Iri SkosConcept = Iri.Create(Skos + "Concept");
    private static readonly Iri SkosConceptScheme = Iri.Create(Skos + "ConceptScheme");
    private static readonly Iri SkosInScheme = Iri.Create(Skos + "inScheme");
    private static readonly Iri SkosPrefLabel = Iri.Create(Skos + "prefLabel");
    private static readonly Iri EliLegalResource = Iri.Create(Eli + "LegalResource");
    private static readonly Iri RdfsResource = Iri.Create(Vocab.Rdfs.Namespace + "Resource");
    private static readonly Iri RestArchitecture = Iri.Create("http://www.wikidata.org/entity/Q749568");
    private static readonly Iri Swedish = Iri.Create(DcatVocabularies.SwedishLanguage);
    private static readonly Iri ThemeTaxonomy = Iri.Create(DcatVocabularies.DataThemeTaxonomy);
    private static readonly Iri Cc0 = Iri.Create(DcatLicenses.Cc0);
    private static readonly Iri Stable = Iri.Create(DcatVocabularies.EuAuthority + "planned-availability/STABLE");
    private static readonly Iri HvdLegislation = Iri.Create(DcatVocabularies.HvdLegislation);

    private static readonly Iri FileTypeScheme = Iri.Create(DcatVocabularies.EuAuthority + "file-type");
    private static readonly Iri AvailabilityScheme = Iri.Create(DcatVocabularies.EuAuthority + "planned-availability");
    private const int MaxCachedIris = 10_000;

    private readonly DcatInstance _instance;
    private readonly Dictionary<string, Iri> _iriCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly List<RdfDescription> _pendingCatalogueDeclarations = [];
    private readonly List<string> _declarationOrder = [];

    public DcatIris Iris { get; }

    public DcatMapper(DcatInstance instance)
    {
        _instance = instance ?? throw new ArgumentNullException(nameof(instance));
        Iris = new DcatIris(instance.BaseUrl);
    }

    /// <summary>Prefixes the writers should declare (DCAT defaults plus skos).</summary>
    public static NamespaceMap CreateNamespaces() => NamespaceMap.CreateDcatDefaults().Add("skos", Skos);

    // ---------------------------------------------------------------- catalogues

    /// <summary>The instance catalogue and its publisher.</summary>
    public IEnumerable<RdfDescription> InstanceCatalogue(DcatPage? page)
    {
        var iri = Iri.Create(Iris.InstanceCatalogue);
        var catalogue = CatalogueCore(iri, _instance.Title, _instance.Description, _instance.Publisher.OrganisationNumber,
            _instance.Homepage ?? Iris.BaseUrl + "/", _instance.SpatialIri, _instance.Issued, _instance.Modified);
        foreach (var d in CatalogueWithPaging(catalogue, iri, page)) yield return d;
        foreach (var d in Agent(_instance.Publisher.Name, _instance.Publisher.OrganisationNumber, _instance.Publisher.Type, _instance.Publisher.Homepage))
            yield return d;
    }

    /// <summary>
    /// An organisation's catalogue with its publisher and contact. With <paramref name="partOfInstance"/> the
    /// instance catalogue links it through dct:hasPart; alone (its own harvest URL) it carries paging.
    /// </summary>
    public IEnumerable<RdfDescription> OrganisationCatalogue(DcatOrganisation org, bool partOfInstance, DcatPage? page)
    {
        ValidateOrganisation(org);
        var iri = Cached("catalogue " + org.Slug, _ => Iris.OrganisationCatalogue(org.Slug));
        if (partOfInstance) yield return new RdfDescription(Cached(Iris.InstanceCatalogue)).Add(Vocab.Dct.HasPart, iri);

        var title = org.CatalogueTitle ?? new LocalizedText($"Öppna data från {org.Name}", $"Open data from {org.Name}");
        var description = org.CatalogueDescription ?? new LocalizedText(
            $"Datamängder som {org.Name} publicerar som öppna data.", $"Datasets published as open data by {org.Name}.");
        var catalogue = CatalogueCore(iri, title, description, org.OrganisationNumber, org.Homepage,
            org.SpatialIri ?? _instance.SpatialIri, org.Issued ?? _instance.Issued, org.Modified ?? _instance.Modified);
        foreach (var d in CatalogueWithPaging(catalogue, iri, partOfInstance ? null : page)) yield return d;

        // The instance operator's agent is already written when it is this organisation too.
        bool sameAsInstancePublisher = partOfInstance &&
            DcatIris.Publisher(org.OrganisationNumber) == DcatIris.Publisher(_instance.Publisher.OrganisationNumber);
        if (!sameAsInstancePublisher)
            foreach (var d in Agent(org.Name, org.OrganisationNumber, org.PublisherType, org.Homepage)) yield return d;

        if (!string.IsNullOrWhiteSpace(org.ContactEmail))
        {
            var contact = Contact(Cached("contact " + org.Slug, _ => Iris.OrganisationContact(org.Slug)), org.Name, org.ContactEmail, org.ContactPhone, org.Homepage);
            yield return contact;
            foreach (var d in DeclareContactValues(contact)) yield return d;
        }
    }

    private RdfDescription CatalogueCore(Iri iri, LocalizedText title, LocalizedText description, string organisationNumber,
        string? homepage, string? spatial, DateTimeOffset? issued, DateTimeOffset? modified)
    {
        var catalogue = new RdfDescription(iri).AddType(Vocab.Dcat.Catalog);
        AddText(catalogue, Vocab.Dct.Title, title, "catalogue title");
        AddText(catalogue, Vocab.Dct.Description, description, "catalogue description");
        catalogue.Add(Vocab.Dct.Publisher, Iri.Create(DcatIris.Publisher(organisationNumber)))
            .Add(Vocab.Dct.License, Cc0)
            .Add(Vocab.Dct.Language, Swedish)
            .Add(Vocab.Dcat.ThemeTaxonomy, ThemeTaxonomy)
            .Add(Vocab.Dct.Spatial, Iri.Create(spatial ?? DcatVocabularies.Sweden));
        if (homepage is not null) catalogue.Add(Vocab.Foaf.Homepage, CheckedIri(homepage, "homepage"));
        _pendingCatalogueDeclarations.AddRange(Declare(Iri.Create(spatial ?? DcatVocabularies.Sweden), Vocab.Dct.Location));
        if (homepage is not null) _pendingCatalogueDeclarations.AddRange(Declare(Iri.Create(homepage.Trim()), Vocab.Foaf.Document));
        if (issued is { } i) catalogue.Add(Vocab.Dct.Issued, Literal.DateTime(i));
        if (modified is { } m) catalogue.Add(Vocab.Dct.Modified, Literal.DateTime(m));
        return catalogue;
    }

    private IEnumerable<RdfDescription> CatalogueWithPaging(RdfDescription catalogue, Iri iri, DcatPage? page)
    {
        if (page is { } p)
        {
            if (p.Number < 1 || p.Size < 1 || p.Number > p.LastPage)
                throw new DcatMappingException($"Page {p.Number} of size {p.Size} does not exist ({p.TotalDatasets} datasets, {p.LastPage} pages).");
            var view = Iri.Create(DcatIris.PageIri(iri.Value, p.Number));
            catalogue.Add(Vocab.Hydra.View, view);
            yield return catalogue;
            var paging = new RdfDescription(view).AddType(Vocab.Hydra.PartialCollectionView)
                .Add(Vocab.Hydra.TotalItems, Literal.NonNegativeInteger(p.TotalDatasets))
                .Add(Vocab.Hydra.ItemsPerPage, Literal.NonNegativeInteger(p.Size))
                .Add(Vocab.Hydra.First, Iri.Create(DcatIris.PageIri(iri.Value, 1)))
                .Add(Vocab.Hydra.Last, Iri.Create(DcatIris.PageIri(iri.Value, p.LastPage)));
            if (p.Number > 1) paging.Add(Vocab.Hydra.Previous, Iri.Create(DcatIris.PageIri(iri.Value, p.Number - 1)));
            if (p.Number < p.LastPage) paging.Add(Vocab.Hydra.Next, Iri.Create(DcatIris.PageIri(iri.Value, p.Number + 1)));
            yield return paging;
        }
        else
        {
            yield return catalogue;
        }
        foreach (var d in _pendingCatalogueDeclarations) yield return d;
        _pendingCatalogueDeclarations.Clear();
        if (MarkDeclared(ThemeTaxonomy.Value))
            yield return new RdfDescription(ThemeTaxonomy).AddType(SkosConceptScheme)
                .Add(Vocab.Dct.Title, Literal.LanguageTagged("Datatema", "sv")).Add(Vocab.Dct.Title, Literal.LanguageTagged("Data theme", "en"));
        foreach (var d in DeclareLicense(Cc0)) yield return d;
        foreach (var d in Declare(Swedish, Vocab.Dct.LinguisticSystem)) yield return d;
    }

    private IEnumerable<RdfDescription> Agent(string name, string organisationNumber, AdmsPublisherType type, string? homepage)
    {
        var iri = Iri.Create(DcatIris.Publisher(organisationNumber));
        if (!MarkDeclared(iri.Value)) yield break;
        if (string.IsNullOrWhiteSpace(name)) throw new DcatMappingException($"The publisher {iri.Value} needs a name.");
        var typeIri = Iri.Create(DcatVocabularies.PublisherTypeIri(type));
        var agent = new RdfDescription(iri).AddType(Vocab.Foaf.Agent).AddType(Vocab.Foaf.Organization)
            .Add(Vocab.Foaf.Name, Literal.LanguageTagged(name, "sv"))
            .Add(Vocab.Dct.Type, typeIri)
            .Add(Vocab.Dct.Identifier, Literal.Plain(iri.Value[DcatIris.DataportalOrganisationNamespace.Length..]));
        if (homepage is not null) agent.Add(Vocab.Foaf.Homepage, CheckedIri(homepage, "homepage"));
        yield return agent;
        foreach (var d in DeclareConcept(typeIri, Iri.Create("http://purl.org/adms/publishertype/1.0"))) yield return d;
        if (homepage is not null) foreach (var d in Declare(Iri.Create(homepage), Vocab.Foaf.Document)) yield return d;
    }

    /// <summary>
    /// The HVD shapes require rdf:type rdfs:Resource on a contact's e-mail and URL; validators do not infer it.
    /// </summary>
    private IEnumerable<RdfDescription> DeclareContactValues(RdfDescription contact)
    {
        foreach (var s in contact.Statements)
            if ((s.Predicate.Equals(Vocab.Vcard.HasEmail) || s.Predicate.Equals(Vocab.Vcard.HasUrl)) && s.Object is Iri value && MarkDeclared("resource " + value.Value))
                yield return new RdfDescription(value).AddType(RdfsResource);
    }

    private static RdfDescription Contact(Iri iri, string name, string email, string? phone, string? url)
    {
        var contact = new RdfDescription(iri).AddType(Vocab.Vcard.Organization).AddType(Vocab.Vcard.Kind)
            .Add(Vocab.Vcard.Fn, Literal.LanguageTagged(name, "sv"))
            .Add(Vocab.Vcard.HasEmail, MailTo(email));
        if (!string.IsNullOrWhiteSpace(phone))
            contact.Add(Vocab.Vcard.HasTelephone, RdfDescription.Anonymous().Add(Vocab.Vcard.HasValue, Tel(phone)));
        if (url is not null) contact.Add(Vocab.Vcard.HasUrl, CheckedIri(url, "contact URL"));
        return contact;
    }

    // ---------------------------------------------------------------- datasets

    /// <summary>
    /// Everything about one dataset: catalogue membership, the dataset, its distributions, its OData service
    /// and access distribution, its own contact, and first-use vocabulary declarations.
    /// </summary>
    public IEnumerable<RdfDescription> Dataset(DcatOrganisation org, DcatDataset dataset, bool partOfInstance)
    {
        ValidateOrganisation(org);
        if (dataset is null) throw new ArgumentNullException(nameof(dataset));
        var datasetIri = Iri.Create(Iris.Dataset(org.Slug, dataset.Slug));
        string where = $"dataset {org.Slug}/{dataset.Slug}";
        var publisher = Cached("publisher " + org.OrganisationNumber, _ => DcatIris.Publisher(org.OrganisationNumber));
        var orgCatalogue = Cached("catalogue " + org.Slug, _ => Iris.OrganisationCatalogue(org.Slug));
        var serviceIri = dataset.ODataService is null ? null : Iri.Create(DcatIris.DataService(datasetIri.Value));

        // Membership: the organisation's catalogue, and the instance catalogue too (dcat:dataset is 1..n on every catalogue).
        var membership = new RdfDescription(orgCatalogue).Add(Vocab.Dcat.DatasetProperty, datasetIri);
        if (serviceIri is not null) membership.Add(Vocab.Dcat.Service, serviceIri);
        yield return membership;
        if (partOfInstance)
        {
            var root = new RdfDescription(Cached(Iris.InstanceCatalogue)).Add(Vocab.Dcat.DatasetProperty, datasetIri);
            if (serviceIri is not null) root.Add(Vocab.Dcat.Service, serviceIri);
            yield return root;
        }

        Iri? contact = null;
        RdfDescription? ownContact = null;
        if (dataset.Contact is { } c)
        {
            if (string.IsNullOrWhiteSpace(c.Email)) throw new DcatMappingException($"The contact of {where} needs an e-mail address (vcard:hasEmail is mandatory).");
            contact = Iri.Create(DcatIris.DatasetContact(datasetIri.Value));
            ownContact = Contact(contact, c.Name, c.Email, c.Phone, null);
        }
        else if (!string.IsNullOrWhiteSpace(org.ContactEmail))
        {
            contact = Cached("contact " + org.Slug, _ => Iris.OrganisationContact(org.Slug));
        }

        var declarations = new List<RdfDescription>();
        var d = new RdfDescription(datasetIri).AddType(Vocab.Dcat.Dataset);
        AddText(d, Vocab.Dct.Title, dataset.Title, $"title of {where}");
        AddText(d, Vocab.Dct.Description, dataset.Description, $"description of {where}");
        d.Add(Vocab.Dct.Publisher, publisher);
        if (contact is not null) d.Add(Vocab.Dcat.ContactPoint, contact);
        foreach (var k in dataset.Keywords)
            if (!string.IsNullOrWhiteSpace(k.Text)) d.Add(Vocab.Dcat.Keyword, Literal.LanguageTagged(k.Text.Trim(), k.Language));
        foreach (var theme in dataset.Themes.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var t = Cached(theme, DcatVocabularies.ThemeIri);
            d.Add(Vocab.Dcat.Theme, t);
            declarations.AddRange(DeclareConcept(t, ThemeTaxonomy));
        }

        var place = Cached(org.SpatialIri ?? _instance.SpatialIri ?? DcatVocabularies.Sweden);
        d.Add(Vocab.Dct.Spatial, place);
        declarations.AddRange(Declare(place, Vocab.Dct.Location));
        if (dataset.BoundingBox is { } box) d.Add(Vocab.Dct.Spatial, Location(box, where));
        if (dataset.Temporal is { } period && (period.Start is not null || period.End is not null))
        {
            if (period.Start > period.End) throw new DcatMappingException($"The temporal coverage of {where} ends before it starts.");
            var node = RdfDescription.Anonymous().AddType(Vocab.Dct.PeriodOfTime);
            if (period.Start is { } s) node.Add(Vocab.Dcat.StartDate, Literal.Date(s));
            if (period.End is { } e) node.Add(Vocab.Dcat.EndDate, Literal.Date(e));
            d.Add(Vocab.Dct.Temporal, node);
        }
        if (dataset.Issued is { } issued) d.Add(Vocab.Dct.Issued, Literal.DateTime(issued));
        if (dataset.Modified is { } modified) d.Add(Vocab.Dct.Modified, Literal.DateTime(modified));
        d.Add(Vocab.Dct.Language, Swedish);

        if (dataset.SpecificationIri is not null)
        {
            var spec = CheckedIri(dataset.SpecificationIri, "specification", where);
            d.Add(Vocab.Dct.ConformsTo, spec);
            declarations.AddRange(Declare(spec, Vocab.Dct.Standard));
        }
        var accessRights = Cached(dataset.AccessRights.ToString(), _ => DcatVocabularies.AccessRightsIri(dataset.AccessRights));
        d.Add(Vocab.Dct.AccessRights, accessRights);
        declarations.AddRange(DeclareConcept(accessRights, Iri.Create(DcatVocabularies.EuAuthority + "access-right"), Vocab.Dct.RightsStatement));
        if (dataset.UpdateFrequency is not null)
        {
            var frequency = Cached(dataset.UpdateFrequency, DcatVocabularies.FrequencyIri);
            d.Add(Vocab.Dct.AccrualPeriodicity, frequency);
            declarations.AddRange(DeclareConcept(frequency, Iri.Create(DcatVocabularies.EuAuthority + "frequency"), Vocab.Dct.Frequency));
        }
        if (dataset.LandingPage is not null)
        {
            var page = CheckedIri(dataset.LandingPage, "landing page", where);
            d.Add(Vocab.Dcat.LandingPage, page);
            declarations.Add(new RdfDescription(page).AddType(Vocab.Foaf.Document));
        }
        foreach (var goal in dataset.SustainableDevelopmentGoals.Distinct())
        {
            var sdg = Cached("sdg" + goal, _ => DcatVocabularies.SdgIri(goal));
            d.Add(Vocab.Dct.Subject, sdg);
            declarations.AddRange(DeclareConcept(sdg, Iri.Create(DcatVocabularies.SdgNamespace)));
        }

        var hvdCategories = new List<Iri>();
        if (dataset.IsHighValue)
        {
            if (dataset.HvdCategories.Count == 0) throw new DcatMappingException($"The high-value {where} needs at least one HVD category.");
            d.Add(DcatAp.ApplicableLegislationProperty, HvdLegislation);
            foreach (var category in dataset.HvdCategories.Distinct())
            {
                var cat = Cached(category, DcatVocabularies.HvdCategoryIri);
                hvdCategories.Add(cat);
                d.Add(Vocab.DcatAp.HvdCategory, cat);
                declarations.AddRange(DeclareConcept(cat, Iri.Create(DcatVocabularies.HvdCategoryNamespace + "asd487ae75")));
            }
            declarations.AddRange(Declare(HvdLegislation, EliLegalResource));
        }

        var license = Cached("licence " + dataset.LicenseIri, _ => CheckedIri(DcatVocabularies.NormaliseLicense(dataset.LicenseIri), "licence", where).Value);
        declarations.AddRange(DeclareLicense(license));

        var distributions = new List<RdfDescription>();
        var seenFormats = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var distribution in dataset.Distributions)
        {
            if (!seenFormats.Add(distribution.Format.Trim().TrimStart('.')))
                throw new DcatMappingException($"{where} has two distributions in the format '{distribution.Format}'.");
            var (description, formatDeclarations) = Distribution(datasetIri, dataset, distribution, license, where);
            d.Add(Vocab.Dcat.DistributionProperty, description.Subject!);
            distributions.Add(description);
            declarations.AddRange(formatDeclarations);
        }

        RdfDescription? service = null;
        if (dataset.ODataService is { } odata)
        {
            var (access, svc, extra) = ODataService(datasetIri, dataset, odata, serviceIri!, publisher, contact, license, hvdCategories, where);
            d.Add(Vocab.Dcat.DistributionProperty, access.Subject!);
            distributions.Add(access);
            service = svc;
            declarations.AddRange(extra);
        }

        yield return d;
        foreach (var x in distributions) yield return x;
        if (service is not null) yield return service;
        if (ownContact is not null)
        {
            yield return ownContact;
            foreach (var x in DeclareContactValues(ownContact)) yield return x;
        }
        foreach (var x in declarations) yield return x;
    }

    private (RdfDescription, IEnumerable<RdfDescription>) Distribution(Iri datasetIri, DcatDataset dataset, DcatDistribution distribution, Iri license, string where)
    {
        var format = DcatFileFormat.Get(distribution.Format);
        var iri = Iri.Create(DcatIris.Distribution(datasetIri.Value, format.Extension));
        var download = CheckedIri(distribution.DownloadUrl, "download URL", where, format.Extension);
        var mediaType = Cached(distribution.MediaType is null ? format.MediaTypeIri : DcatVocabularies.MediaTypeIri(distribution.MediaType));
        var fileType = Cached(format.FileTypeIri);

        var d = new RdfDescription(iri).AddType(Vocab.Dcat.Distribution);
        var title = distribution.Title ?? new LocalizedText(
            $"{dataset.Title.Sv} ({format.EuFileType})", dataset.Title.En is null ? null : $"{dataset.Title.En} ({format.EuFileType})");
        AddText(d, Vocab.Dct.Title, title, $"distribution title of {where}");
        d.Add(Vocab.Dct.Description, Literal.LanguageTagged($"Hela datamängden för nedladdning i formatet {format.EuFileType}.", "sv"))
            .Add(Vocab.Dct.Description, Literal.LanguageTagged($"The complete dataset for download as {format.EuFileType}.", "en"))
            .Add(Vocab.Dcat.AccessUrl, download)
            .Add(Vocab.Dcat.DownloadUrl, download)
            .Add(Vocab.Dct.Format, fileType)
            .Add(Vocab.Dcat.MediaType, mediaType);
        if (distribution.ByteSize is { } size) d.Add(Vocab.Dcat.ByteSize, Literal.NonNegativeInteger(size));
        if (distribution.Sha256 is { } sha)
        {
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
                throw new DcatMappingException($"The SHA-256 of {where} ({format.Extension}) must be 64 hex digits.");
            d.Add(Vocab.Spdx.Checksum, RdfDescription.Anonymous().AddType(Vocab.Spdx.ChecksumClass)
                .Add(Vocab.Spdx.Algorithm, Vocab.Spdx.Sha256)
                .Add(Vocab.Spdx.ChecksumValue, Literal.Typed(sha.ToLowerInvariant(), Vocab.Xsd.HexBinary)));
        }
        d.Add(Vocab.DcatAp.Availability, Stable).Add(Vocab.Dct.License, license);
        d.Add(Vocab.Dct.Rights, RightsStatement());
        // MQA looks for the dates on distributions too: the file's own date, else the dataset's.
        if (dataset.Issued is { } issued) d.Add(Vocab.Dct.Issued, Literal.DateTime(issued));
        if ((distribution.Modified ?? dataset.Modified) is { } modified) d.Add(Vocab.Dct.Modified, Literal.DateTime(modified));
        if (dataset.SpecificationIri is not null) d.Add(Vocab.Dct.ConformsTo, Iri.Create(dataset.SpecificationIri));
        if (dataset.IsHighValue)
        {
            d.Add(DcatAp.ApplicableLegislationProperty, HvdLegislation);
        }

        var declarations = new List<RdfDescription>();
        if (dataset.IsHighValue) declarations.Add(new RdfDescription(download).AddType(RdfsResource));
        declarations.AddRange(DeclareConcept(fileType, FileTypeScheme, Vocab.Dct.MediaTypeOrExtent));
        declarations.AddRange(Declare(mediaType, Vocab.Dct.MediaTypeClass));
        declarations.AddRange(DeclareConcept(Stable, AvailabilityScheme));
        return (d, declarations);
    }

    private (RdfDescription Access, RdfDescription Service, IEnumerable<RdfDescription> Declarations) ODataService(
        Iri datasetIri, DcatDataset dataset, DcatDataService odata, Iri serviceIri, Iri publisher, Iri? contact, Iri license,
        IReadOnlyList<Iri> hvdCategories, string where)
    {
        var endpoint = CheckedIri(odata.EndpointUrl, "OData endpoint", where);
        var metadata = CheckedIri(odata.MetadataUrl, "OData $metadata URL", where);
        var json = Iri.Create(DcatFileFormat.Get("json").FileTypeIri);
        var jsonMedia = Iri.Create(DcatFileFormat.Get("json").MediaTypeIri);
        var declarations = new List<RdfDescription>
        {
            new RdfDescription(metadata).AddType(Vocab.Dct.Standard).AddType(RdfsResource),
        };

        var access = new RdfDescription(Iri.Create(DcatIris.ODataDistribution(datasetIri.Value))).AddType(Vocab.Dcat.Distribution)
            .Add(Vocab.Dct.Title, Literal.LanguageTagged($"{dataset.Title.Sv} (OData-API)", "sv"))
            .Add(Vocab.Dct.Description, Literal.LanguageTagged("Frågebar åtkomst till datamängden via OData v4 (filtrering, sortering, sidindelning).", "sv"))
            .Add(Vocab.Dct.Description, Literal.LanguageTagged("Queryable access to the dataset through OData v4 (filtering, sorting, paging).", "en"))
            .Add(Vocab.Dcat.AccessUrl, endpoint)
            .Add(Vocab.Dcat.AccessService, serviceIri)
            .Add(Vocab.Dct.Format, json)
            .Add(Vocab.Dcat.MediaType, jsonMedia)
            .Add(Vocab.Dct.ConformsTo, metadata)
            .Add(Vocab.DcatAp.Availability, Stable)
            .Add(Vocab.Dct.License, license)
            .Add(Vocab.Dct.Rights, RightsStatement());
        if (dataset.Issued is { } issued) access.Add(Vocab.Dct.Issued, Literal.DateTime(issued));
        if (dataset.Modified is { } modified) access.Add(Vocab.Dct.Modified, Literal.DateTime(modified));

        var service = new RdfDescription(serviceIri).AddType(Vocab.Dcat.DataService)
            .Add(Vocab.Dct.Title, Literal.LanguageTagged($"OData-tjänst: {dataset.Title.Sv}", "sv"));
        if (dataset.Title.En is { } en) service.Add(Vocab.Dct.Title, Literal.LanguageTagged($"OData service: {en}", "en"));
        service.Add(Vocab.Dct.Description, Literal.LanguageTagged($"OData v4-tjänst som ger frågebar åtkomst till {dataset.Title.Sv}.", "sv"))
            .Add(Vocab.Dct.Type, RestArchitecture)
            .Add(Vocab.Dcat.EndpointUrl, endpoint)
            .Add(Vocab.Dcat.EndpointDescription, odata.DescriptionUrl is { } description ? CheckedIri(description, "OpenAPI description", where) : metadata)
            .Add(Vocab.Dcat.ServesDataset, datasetIri)
            .Add(Vocab.Dct.Format, json)
            .Add(Vocab.Dct.ConformsTo, Iri.Create(DcatVocabularies.ODataStandard))
            .Add(Vocab.Dct.Publisher, publisher)
            .Add(Vocab.Dct.License, license)
            .Add(Vocab.Dct.AccessRights, Cached(dataset.AccessRights.ToString(), _ => DcatVocabularies.AccessRightsIri(dataset.AccessRights)))
            .Add(Vocab.Dct.Rights, RightsStatement());
        if (contact is not null) service.Add(Vocab.Dcat.ContactPoint, contact);
        foreach (var k in dataset.Keywords)
            if (!string.IsNullOrWhiteSpace(k.Text)) service.Add(Vocab.Dcat.Keyword, Literal.LanguageTagged(k.Text.Trim(), k.Language));
        foreach (var theme in dataset.Themes.Distinct(StringComparer.OrdinalIgnoreCase))
            service.Add(Vocab.Dcat.Theme, Cached(theme, DcatVocabularies.ThemeIri));
        if (odata.DocumentationUrl is not null)
        {
            var doc = CheckedIri(odata.DocumentationUrl, "OData documentation", where);
            service.Add(Vocab.Foaf.Page, doc);
            declarations.Add(new RdfDescription(doc).AddType(Vocab.Foaf.Document));
        }
        else if (dataset.IsHighValue)
        {
            throw new DcatMappingException($"The OData service of the high-value {where} needs a documentation URL (foaf:page, quality of service).");
        }
        if (dataset.IsHighValue)
        {
            if (contact is null) throw new DcatMappingException($"The OData service of the high-value {where} needs a contact point.");
            service.Add(DcatAp.ApplicableLegislationProperty, HvdLegislation);
            access.Add(DcatAp.ApplicableLegislationProperty, HvdLegislation);
            foreach (var cat in hvdCategories) service.Add(Vocab.DcatAp.HvdCategory, cat);
            declarations.Add(new RdfDescription(endpoint).AddType(RdfsResource));
        }
        declarations.AddRange(Declare(Iri.Create(DcatVocabularies.ODataStandard), Vocab.Dct.Standard));
        declarations.AddRange(DeclareConcept(RestArchitecture, null));
        declarations.AddRange(Declare(jsonMedia, Vocab.Dct.MediaTypeClass));
        declarations.AddRange(DeclareConcept(json, FileTypeScheme, Vocab.Dct.MediaTypeOrExtent));
        return (access, service, declarations);
    }

    private static RdfDescription RightsStatement() => RdfDescription.Anonymous().AddType(Vocab.Dct.RightsStatement)
        .Add(Vocab.Rdfs.Label, Literal.LanguageTagged("Fri att använda och vidareutnyttja enligt angiven licens.", "sv"))
        .Add(Vocab.Rdfs.Label, Literal.LanguageTagged("Free to use and re-use under the stated licence.", "en"));

    private static RdfDescription Location(DcatBoundingBox box, string where)
    {
        if (!(box.MinLatitude is >= -90 and <= 90 && box.MaxLatitude is >= -90 and <= 90
              && box.MinLongitude is >= -180 and <= 180 && box.MaxLongitude is >= -180 and <= 180)
            || box.MinLatitude > box.MaxLatitude || box.MinLongitude > box.MaxLongitude)
            throw new DcatMappingException($"The bounding box of {where} is not a valid WGS 84 box (min ≤ max, latitude ±90, longitude ±180).");
        string F(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);
        string w = F(box.MinLongitude), e = F(box.MaxLongitude), s = F(box.MinLatitude), n = F(box.MaxLatitude);
        // WKT in CRS84 axis order (longitude latitude), the GeoSPARQL default.
        var polygon = $"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))";
        var centroid = $"POINT({F((box.MinLongitude + box.MaxLongitude) / 2)} {F((box.MinLatitude + box.MaxLatitude) / 2)})";
        return RdfDescription.Anonymous().AddType(Vocab.Dct.Location)
            .Add(Vocab.Dcat.Bbox, Literal.Typed(polygon, Vocab.Geo.WktLiteral))
            .Add(Vocab.Dcat.Centroid, Literal.Typed(centroid, Vocab.Geo.WktLiteral));
    }

    // ---------------------------------------------------------------- records, all or nothing

    /// <summary>
    /// <see cref="OrganisationCatalogue"/> mapped completely before anything is written. On failure nothing
    /// of it counts as declared, so the next record still types the vocabulary it uses.
    /// </summary>
    public IReadOnlyList<RdfDescription> OrganisationCatalogueRecord(DcatOrganisation org, bool partOfInstance, DcatPage? page) =>
        Record(() => OrganisationCatalogue(org, partOfInstance, page));

    /// <summary><see cref="Dataset"/> mapped completely before anything is written (see <see cref="OrganisationCatalogueRecord"/>).</summary>
    public IReadOnlyList<RdfDescription> DatasetRecord(DcatOrganisation org, DcatDataset dataset, bool partOfInstance) =>
        Record(() => Dataset(org, dataset, partOfInstance));

    private IReadOnlyList<RdfDescription> Record(Func<IEnumerable<RdfDescription>> map)
    {
        var mark = Mark();
        try
        {
            return map().ToList();
        }
        catch
        {
            Rollback(mark);
            throw;
        }
    }

    /// <summary>A point to return to with <see cref="Rollback"/>.</summary>
    public int Mark() => _declarationOrder.Count;

    /// <summary>What was mapped since <paramref name="mark"/> was never written: its declarations are not in the document.</summary>
    public void Rollback(int mark)
    {
        for (int i = _declarationOrder.Count - 1; i >= mark; i--) _declared.Remove(_declarationOrder[i]);
        _declarationOrder.RemoveRange(mark, _declarationOrder.Count - mark);
        _pendingCatalogueDeclarations.Clear();
    }

    private bool MarkDeclared(string key)
    {
        if (!_declared.Add(key)) return false;
        _declarationOrder.Add(key);
        return true;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>
    /// Vocabulary, publisher and catalogue IRIs repeat for every dataset: build and validate each once.
    /// The cache is bounded (these sets are small; dataset-specific IRIs never go through it).
    /// </summary>
    private Iri Cached(string key, Func<string, string> build)
    {
        if (_iriCache.TryGetValue(key, out var iri)) return iri;
        iri = Iri.Create(build(key));
        if (_iriCache.Count < MaxCachedIris) _iriCache[key] = iri;
        return iri;
    }

    private Iri Cached(string iri) => Cached(iri, static v => v);

    /// <summary>A licence document with its ADMS licence type when it is a Creative Commons licence we recognise.</summary>
    private IEnumerable<RdfDescription> DeclareLicense(Iri license)
    {
        if (!MarkDeclared(license.Value)) yield break;
        var d = new RdfDescription(license).AddType(Vocab.Dct.LicenseDocument);
        var types = LicenceTypes(license.Value);
        foreach (var type in types) d.Add(Vocab.Dct.Type, type);
        yield return d;
        foreach (var type in types)
            foreach (var x in DeclareConcept(type, Iri.Create("http://purl.org/adms/licencetype/1.1"))) yield return x;
    }

    private static List<Iri> LicenceTypes(string license)
    {
        const string ns = "http://purl.org/adms/licencetype/";
        if (license == DcatLicenses.Cc0) return [Iri.Create(ns + "PublicDomain")];
        if (!license.StartsWith("http://creativecommons.org/licenses/", StringComparison.Ordinal)) return [];
        var code = license["http://creativecommons.org/licenses/".Length..].Split('/')[0];
        // DCAT-AP allows one licence type; the most restrictive element of the CC code is the informative one.
        var type = code.Contains("nd") ? "NoDerivativeWork" : code.Contains("nc") ? "NonCommercialUseOnly" : code.Contains("sa") ? "ShareAlike" : "Attribution";
        return [Iri.Create(ns + type)];
    }

    private IEnumerable<RdfDescription> Declare(Iri iri, params Iri[] types)
    {
        if (!MarkDeclared(iri.Value)) yield break;
        var d = new RdfDescription(iri);
        foreach (var t in types) d.AddType(t);
        yield return d;
    }

    /// <summary>Types a vocabulary concept once per document, with its labels (the EU shapes require skos:prefLabel).</summary>
    private IEnumerable<RdfDescription> DeclareConcept(Iri iri, Iri? scheme, params Iri[] extraTypes)
    {
        if (!MarkDeclared(iri.Value)) yield break;
        var d = new RdfDescription(iri).AddType(SkosConcept);
        foreach (var t in extraTypes) d.AddType(t);
        var (sv, en) = DcatLabels.For(iri.Value);
        d.Add(SkosPrefLabel, Literal.LanguageTagged(sv, "sv")).Add(SkosPrefLabel, Literal.LanguageTagged(en, "en"));
        if (scheme is not null) d.Add(SkosInScheme, scheme);
        yield return d;
    }

    private static void AddText(RdfDescription d, Iri predicate, LocalizedText? text, string what)
    {
        if (text is null || string.IsNullOrWhiteSpace(text.Sv)) throw new DcatMappingException($"The {what} is missing its Swedish text.");
        d.Add(predicate, Literal.LanguageTagged(text.Sv.Trim(), "sv"));
        if (!string.IsNullOrWhiteSpace(text.En)) d.Add(predicate, Literal.LanguageTagged(text.En.Trim(), "en"));
    }

    /// <summary>Builds the error message only on failure: this runs for every URL of every dataset.</summary>
    private static Iri CheckedIri(string? value, string what, string where, string? detail = null) =>
        Iri.TryCreate(value?.Trim(), out var iri) ? iri
            : throw new DcatMappingException($"The {what} of {where}{(detail is null ? "" : " (" + detail + ")")} '{value}' is not an absolute IRI.");

    private static Iri CheckedIri(string value, string what) =>
        Iri.TryCreate(value?.Trim(), out var iri) ? iri : throw new DcatMappingException($"The {what} '{value}' is not an absolute IRI.");

    private static Iri MailTo(string email)
    {
        var address = email.Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) address = address[7..];
        int at = address.IndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.Any(char.IsWhiteSpace))
            throw new DcatMappingException($"'{email}' is not an e-mail address.");
        return CheckedIri("mailto:" + address, "e-mail address");
    }

    /// <summary>A tel: IRI in international form: Swedish national numbers (leading 0) get +46.</summary>
    private static Iri Tel(string phone)
    {
        var digits = new string(phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        if (digits.StartsWith("00", StringComparison.Ordinal)) digits = "+" + digits[2..];
        else if (digits.StartsWith('0')) digits = "+46" + digits[1..];
        if (digits.Length < 4 || digits.LastIndexOf('+') > 0) throw new DcatMappingException($"'{phone}' is not a telephone number.");
        return Iri.Create("tel:" + digits);
    }

    private static void ValidateOrganisation(DcatOrganisation org)
    {
        ArgumentNullException.ThrowIfNull(org);
        if (string.IsNullOrWhiteSpace(org.Name)) throw new DcatMappingException($"Organisation '{org.Slug}' needs a name.");
        _ = DcatIris.Publisher(org.OrganisationNumber);
        if (org.MunicipalityCode is { } code && (code.Length != 4 || !code.All(char.IsAsciiDigit)))
            throw new DcatMappingException($"Kommunkod '{code}' of {org.Slug} must be four digits.");
    }

    private static class DcatAp
    {
        public static readonly Iri ApplicableLegislationProperty = Vocab.DcatAp.ApplicableLegislation;
    }
}
