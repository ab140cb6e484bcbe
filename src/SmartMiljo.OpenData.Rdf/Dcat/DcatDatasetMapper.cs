using System.Globalization;
using static SmartMiljo.OpenData.Rdf.Dcat.DcatTerms;
using static SmartMiljo.OpenData.Rdf.Dcat.DcatValues;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// One dataset: catalogue membership, the dataset itself, its distributions and OData service (through
/// <see cref="DcatDistributionMapper"/>), its own contact, and first-use vocabulary declarations.
/// </summary>
internal sealed class DcatDatasetMapper(DcatInstance instance, DcatIris iris, DcatDeclarations declarations, DcatAgentMapper agents, DcatDistributionMapper distributionMapper)
{
    private readonly DcatInstance _instance = instance;
    private readonly DcatDeclarations _declarations = declarations;

    private DcatIris Iris { get; } = iris;

    /// <summary>
    /// Everything about one dataset: catalogue membership, the dataset, its distributions, its OData service
    /// and access distribution, its own contact, and first-use vocabulary declarations.
    /// </summary>
    public IEnumerable<RdfDescription> Dataset(DcatOrganisation org, DcatDataset dataset, bool partOfInstance)
    {
        ValidateOrganisation(org);
        if (dataset is null) throw new ArgumentNullException(nameof(dataset));
        string where = $"dataset {org.Slug}/{dataset.Slug}";
        // A harvested record keeps its source's IRI, so catalogues that harvest both list it once.
        var datasetIri = dataset.OriginalIri is { } original ? CheckedIri(original, "original IRI", where) : Iri.Create(Iris.Dataset(org.Slug, dataset.Slug));
        var publisher = dataset.Publisher is { } foreign
            ? CheckedIri(foreign.Iri, "publisher IRI", where)
            : _declarations.Cached("publisher " + org.OrganisationNumber, _ => DcatIris.Publisher(org.OrganisationNumber));
        var orgCatalogue = _declarations.Cached("catalogue " + org.Slug, _ => Iris.OrganisationCatalogue(org.Slug));
        var serviceIri = dataset.ODataService is null ? null : Iri.Create(DcatIris.DataService(datasetIri.Value));

        // Membership: the organisation's catalogue, and the instance catalogue too (dcat:dataset is 1..n on every catalogue).
        var membership = new RdfDescription(orgCatalogue).Add(Vocab.Dcat.DatasetProperty, datasetIri);
        if (serviceIri is not null) membership.Add(Vocab.Dcat.Service, serviceIri);
        yield return membership;
        if (partOfInstance)
        {
            var root = new RdfDescription(_declarations.Cached(Iris.InstanceCatalogue)).Add(Vocab.Dcat.DatasetProperty, datasetIri);
            if (serviceIri is not null) root.Add(Vocab.Dcat.Service, serviceIri);
            yield return root;
        }

        Iri? contact = null;
        RdfDescription? ownContact = null;
        if (dataset.Contact is { } c)
        {
            if (string.IsNullOrWhiteSpace(c.Email)) throw new DcatMappingException($"The contact of {where} needs an e-mail address (vcard:hasEmail is mandatory).");
            contact = Iri.Create(DcatIris.DatasetContact(datasetIri.Value));
            ownContact = DcatAgentMapper.Contact(contact, c.Name, c.Email, c.Phone, null, c.Address);
        }
        else if (!string.IsNullOrWhiteSpace(org.ContactEmail))
        {
            contact = _declarations.Cached("contact " + org.Slug, _ => Iris.OrganisationContact(org.Slug));
        }

        var declarations = new List<RdfDescription>();
        var d = new RdfDescription(datasetIri).AddType(Vocab.Dcat.Dataset);
        AddText(d, Vocab.Dct.Title, dataset.Title, $"title of {where}");
        AddText(d, Vocab.Dct.Description, dataset.Description, $"description of {where}");
        foreach (var other in dataset.OtherLanguages)
        {
            if (!string.IsNullOrWhiteSpace(other.Title)) d.Add(Vocab.Dct.Title, Literal.LanguageTagged(other.Title.Trim(), other.Language));
            if (!string.IsNullOrWhiteSpace(other.Description)) d.Add(Vocab.Dct.Description, Literal.LanguageTagged(other.Description.Trim(), other.Language));
        }
        d.Add(Vocab.Dct.Publisher, publisher);
        if (dataset.Publisher is { } source) declarations.AddRange(agents.SourcePublisher(publisher, source, where));
        if (dataset.Identifier is { } identifier && !string.IsNullOrWhiteSpace(identifier)) d.Add(Vocab.Dct.Identifier, Literal.Plain(identifier.Trim()));
        if (contact is not null) d.Add(Vocab.Dcat.ContactPoint, contact);
        foreach (var k in dataset.Keywords)
            if (!string.IsNullOrWhiteSpace(k.Text)) d.Add(Vocab.Dcat.Keyword, Literal.LanguageTagged(k.Text.Trim(), k.Language));
        foreach (var theme in dataset.Themes.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var t = _declarations.Cached(theme, DcatVocabularies.ThemeIri);
            d.Add(Vocab.Dcat.Theme, t);
            declarations.AddRange(_declarations.DeclareConcept(t, ThemeTaxonomy));
        }

        var places = dataset.Spatial.Count > 0
            ? dataset.Spatial.Select(p => CheckedIri(p, "place", where))
            : [_declarations.Cached(org.SpatialIri ?? _instance.SpatialIri ?? DcatVocabularies.Sweden)];
        foreach (var place in places)
        {
            d.Add(Vocab.Dct.Spatial, place);
            declarations.AddRange(_declarations.Declare(place, Vocab.Dct.Location));
        }
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
            declarations.AddRange(_declarations.Declare(spec, Vocab.Dct.Standard));
        }
        foreach (var standard in dataset.ConformsTo.Where(s => s != dataset.SpecificationIri).Distinct(StringComparer.Ordinal))
        {
            var spec = CheckedIri(standard, "specification", where);
            d.Add(Vocab.Dct.ConformsTo, spec);
            declarations.AddRange(_declarations.Declare(spec, Vocab.Dct.Standard));
        }
        foreach (var documentation in dataset.Documentation.Distinct(StringComparer.Ordinal))
        {
            var page = CheckedIri(documentation, "documentation page", where);
            d.Add(Vocab.Foaf.Page, page);
            declarations.AddRange(_declarations.Declare(page, Vocab.Foaf.Document));
        }

        var accessRights = _declarations.Cached(dataset.AccessRights.ToString(), _ => DcatVocabularies.AccessRightsIri(dataset.AccessRights));
        d.Add(Vocab.Dct.AccessRights, accessRights);
        declarations.AddRange(_declarations.DeclareConcept(accessRights, Iri.Create(DcatVocabularies.EuAuthority + "access-right"), Vocab.Dct.RightsStatement));
        if (dataset.UpdateFrequency is not null)
        {
            var frequency = _declarations.Cached(dataset.UpdateFrequency, DcatVocabularies.FrequencyIri);
            d.Add(Vocab.Dct.AccrualPeriodicity, frequency);
            declarations.AddRange(_declarations.DeclareConcept(frequency, Iri.Create(DcatVocabularies.EuAuthority + "frequency"), Vocab.Dct.Frequency));
        }
        if (dataset.LandingPage is not null)
        {
            var page = CheckedIri(dataset.LandingPage, "landing page", where);
            d.Add(Vocab.Dcat.LandingPage, page);
            declarations.AddRange(_declarations.Declare(page, Vocab.Foaf.Document));
        }
        foreach (var goal in dataset.SustainableDevelopmentGoals.Distinct())
        {
            var sdg = _declarations.Cached("sdg" + goal, _ => DcatVocabularies.SdgIri(goal));
            d.Add(Vocab.Dct.Subject, sdg);
            declarations.AddRange(_declarations.DeclareConcept(sdg, Iri.Create(DcatVocabularies.SdgNamespace)));
        }

        var hvdCategories = new List<Iri>();
        if (dataset.IsHighValue)
        {
            if (dataset.HvdCategories.Count == 0) throw new DcatMappingException($"The high-value {where} needs at least one HVD category.");
            d.Add(Vocab.DcatAp.ApplicableLegislation, HvdLegislation);
            foreach (var category in dataset.HvdCategories.Distinct())
            {
                var cat = _declarations.Cached(category, DcatVocabularies.HvdCategoryIri);
                hvdCategories.Add(cat);
                d.Add(Vocab.DcatAp.HvdCategory, cat);
                declarations.AddRange(_declarations.DeclareConcept(cat, Iri.Create(DcatVocabularies.HvdCategoryNamespace + "asd487ae75")));
            }
            declarations.AddRange(_declarations.Declare(HvdLegislation, EliLegalResource));
        }

        if (dataset.SeriesIri is { } seriesIri)
        {
            var series = CheckedIri(seriesIri, "dataset series", where);
            d.Add(Vocab.Dcat.InSeries, series);
            declarations.AddRange(DeclareSeries(series, hvdCategories));
        }

        var license = _declarations.Cached("licence " + dataset.LicenseIri, _ => CheckedIri(DcatVocabularies.NormaliseLicense(dataset.LicenseIri), "licence", where).Value);
        declarations.AddRange(_declarations.DeclareLicense(license));

        var distributions = new List<RdfDescription>();
        var seenFormats = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var distribution in dataset.Distributions)
        {
            if (!seenFormats.Add(distribution.Format.Trim().TrimStart('.')))
                throw new DcatMappingException($"{where} has two distributions in the format '{distribution.Format}'.");
            var (description, formatDeclarations) = distributionMapper.Distribution(datasetIri, dataset, distribution, license, where);
            d.Add(Vocab.Dcat.DistributionProperty, description.Subject!);
            distributions.Add(description);
            declarations.AddRange(formatDeclarations);
        }

        var sourceNumber = 0;
        foreach (var fromSource in dataset.SourceDistributions)
        {
            var (description, sourceDeclarations) = DcatSourceDistributionMapper.Distribution(_declarations, datasetIri, fromSource, ++sourceNumber, license, where);
            d.Add(Vocab.Dcat.DistributionProperty, description.Subject!);
            distributions.Add(description);
            declarations.AddRange(sourceDeclarations);
        }

        RdfDescription? service = null;
        if (dataset.ODataService is { } odata)
        {
            var (svc, extra) = distributionMapper.ODataService(datasetIri, dataset, odata, serviceIri!, publisher, contact, license, hvdCategories, where);
            // Every file is also reachable through the query API, which serves the same rows.
            foreach (var distribution in distributions) distribution.Add(Vocab.Dcat.AccessService, serviceIri!);
            service = svc;
            declarations.AddRange(extra);
        }

        yield return d;
        foreach (var x in distributions) yield return x;
        if (service is not null) yield return service;
        if (ownContact is not null)
        {
            yield return ownContact;
            foreach (var x in agents.DeclareContactValues(ownContact)) yield return x;
        }
        foreach (var x in declarations) yield return x;
    }

    /// <summary>The series a dataset is in, typed once per document (the EU range shapes check dcat:inSeries's class; a
    /// series needs a title and description).</summary>
    private IEnumerable<RdfDescription> DeclareSeries(Iri series, IReadOnlyList<Iri> hvdCategories)
    {
        if (!_declarations.MarkDeclared(series.Value)) yield break;
        var description = new RdfDescription(series).AddType(Vocab.Dcat.DatasetSeries);
        // A series of high-value datasets is high-value too (the HVD shapes check it as part of the dataset's graph).
        if (hvdCategories.Count > 0) description.Add(Vocab.DcatAp.ApplicableLegislation, HvdLegislation);
        foreach (var category in hvdCategories) description.Add(Vocab.DcatAp.HvdCategory, category);
        yield return description
            .Add(Vocab.Dct.Title, Literal.LanguageTagged("Dataserie", "sv")).Add(Vocab.Dct.Title, Literal.LanguageTagged("Dataset series", "en"))
            .Add(Vocab.Dct.Description, Literal.LanguageTagged("Serie av datamängder som publiceras var för sig, t.ex. per år.", "sv"))
            .Add(Vocab.Dct.Description, Literal.LanguageTagged("A series of datasets published one by one, e.g. per year.", "en"));
    }

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
}
