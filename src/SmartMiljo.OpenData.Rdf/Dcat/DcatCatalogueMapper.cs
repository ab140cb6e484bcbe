using static SmartMiljo.OpenData.Rdf.Dcat.DcatTerms;
using static SmartMiljo.OpenData.Rdf.Dcat.DcatValues;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>The instance catalogue and the organisations' catalogues, with Hydra paging and their publishers and contacts.</summary>
internal sealed class DcatCatalogueMapper(DcatInstance instance, DcatIris iris, DcatDeclarations declarations, DcatAgentMapper agents)
{
    private readonly DcatInstance _instance = instance;
    private readonly DcatDeclarations _declarations = declarations;
    private readonly List<RdfDescription> _pendingCatalogueDeclarations = [];

    private DcatIris Iris { get; } = iris;

    /// <summary>Declarations of a catalogue that was mapped but not written (see <see cref="DcatMapper.Rollback"/>).</summary>
    public void ForgetPending() => _pendingCatalogueDeclarations.Clear();

    /// <summary>The instance catalogue and its publisher.</summary>
    public IEnumerable<RdfDescription> InstanceCatalogue(DcatPage? page)
    {
        var iri = Iri.Create(Iris.InstanceCatalogue);
        var catalogue = CatalogueCore(iri, _instance.Title, _instance.Description, _instance.Publisher.OrganisationNumber,
            _instance.Homepage ?? Iris.BaseUrl + "/", _instance.SpatialIri, _instance.Issued, _instance.Modified);
        foreach (var d in CatalogueWithPaging(catalogue, iri, page)) yield return d;
        foreach (var d in agents.Agent(_instance.Publisher.Name, _instance.Publisher.OrganisationNumber, _instance.Publisher.Type, _instance.Publisher.Homepage))
            yield return d;
    }

    /// <summary>
    /// An organisation's catalogue with its publisher and contact. With <paramref name="partOfInstance"/> the
    /// instance catalogue links it through dct:hasPart; alone (its own harvest URL) it carries paging.
    /// </summary>
    public IEnumerable<RdfDescription> OrganisationCatalogue(DcatOrganisation org, bool partOfInstance, DcatPage? page)
    {
        ValidateOrganisation(org);
        var iri = _declarations.Cached("catalogue " + org.Slug, _ => Iris.OrganisationCatalogue(org.Slug));
        if (partOfInstance) yield return new RdfDescription(_declarations.Cached(Iris.InstanceCatalogue)).Add(Vocab.Dct.HasPart, iri);

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
            foreach (var d in agents.Agent(org.Name, org.OrganisationNumber, org.PublisherType, org.Homepage)) yield return d;

        if (!string.IsNullOrWhiteSpace(org.ContactEmail))
        {
            var contact = DcatAgentMapper.Contact(_declarations.Cached("contact " + org.Slug, _ => Iris.OrganisationContact(org.Slug)), org.Name, org.ContactEmail, org.ContactPhone, org.Homepage);
            yield return contact;
            foreach (var d in agents.DeclareContactValues(contact)) yield return d;
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
        _pendingCatalogueDeclarations.AddRange(_declarations.Declare(Iri.Create(spatial ?? DcatVocabularies.Sweden), Vocab.Dct.Location));
        if (homepage is not null) _pendingCatalogueDeclarations.AddRange(_declarations.Declare(Iri.Create(homepage.Trim()), Vocab.Foaf.Document));
        if (issued is { } i) catalogue.Add(Vocab.Dct.Issued, Literal.DateTime(i));
        if (modified is { } m) catalogue.Add(Vocab.Dct.Modified, Literal.DateTime(m));
        return catalogue;
    }

    private IEnumerable<RdfDescription> CatalogueWithPaging(RdfDescription catalogue, Iri iri, DcatPage? page)
    {
        if (page is { } p)
        {
            if (p.Size < 1) throw new DcatMappingException($"A page of size {p.Size} does not exist.");
            var pages = p.Extension is { Length: > 0 } extension ? iri.Value + "." + extension : iri.Value;
            var view = Iri.Create(DcatIris.PageIri(pages, p.After));
            catalogue.Add(Vocab.Hydra.View, view);
            yield return catalogue;
            // Keyset pages have a first and a next; a last or previous page would need an offset again.
            var paging = new RdfDescription(view).AddType(Vocab.Hydra.PartialCollectionView)
                .Add(Vocab.Hydra.TotalItems, Literal.NonNegativeInteger(p.TotalDatasets))
                .Add(Vocab.Hydra.ItemsPerPage, Literal.NonNegativeInteger(p.Size))
                .Add(Vocab.Hydra.First, Iri.Create(DcatIris.PageIri(pages, "")));
            if (p.Next is { } next) paging.Add(Vocab.Hydra.Next, Iri.Create(DcatIris.PageIri(pages, next)));
            yield return paging;
        }
        else
        {
            yield return catalogue;
        }
        foreach (var d in _pendingCatalogueDeclarations) yield return d;
        _pendingCatalogueDeclarations.Clear();
        if (_declarations.MarkDeclared(ThemeTaxonomy.Value))
            yield return new RdfDescription(ThemeTaxonomy).AddType(SkosConceptScheme)
                .Add(Vocab.Dct.Title, Literal.LanguageTagged("Datatema", "sv")).Add(Vocab.Dct.Title, Literal.LanguageTagged("Data theme", "en"));
        foreach (var d in _declarations.DeclareLicense(Cc0)) yield return d;
        // The EU vocabulary shapes want the language concept in its authority table's scheme.
        foreach (var d in _declarations.DeclareConcept(Swedish, Iri.Create(DcatVocabularies.EuAuthority + "language"), Vocab.Dct.LinguisticSystem)) yield return d;
    }
}
