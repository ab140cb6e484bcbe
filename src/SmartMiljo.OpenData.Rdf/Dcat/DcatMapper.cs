namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// Maps the DCAT input records to RDF descriptions, one small batch per catalogue, organisation and dataset,
/// so a writer can stream them. Controlled-vocabulary IRIs we reference (licences, themes, frequencies,
/// formats, …) are typed once per document (e.g. <c>&lt;…/data-theme/ENVI&gt; a skos:Concept</c>) because the EU
/// range and HVD shapes check classes and a harvester does not load the vocabularies. One mapper per document:
/// the parts below share what the document has declared so far.
/// </summary>
public sealed class DcatMapper
{
    private readonly DcatDeclarations _declarations = new();
    private readonly DcatCatalogueMapper _catalogues;
    private readonly DcatDatasetMapper _datasets;

    public DcatIris Iris { get; }

    public DcatMapper(DcatInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Iris = new DcatIris(instance.BaseUrl);
        var agents = new DcatAgentMapper(_declarations);
        _catalogues = new DcatCatalogueMapper(instance, Iris, _declarations, agents);
        _datasets = new DcatDatasetMapper(instance, Iris, _declarations, agents, new DcatDistributionMapper(_declarations));
    }

    /// <summary>Prefixes the writers should declare (DCAT defaults plus skos).</summary>
    public static NamespaceMap CreateNamespaces() => NamespaceMap.CreateDcatDefaults().Add("skos", DcatTerms.Skos);

    /// <summary>The instance catalogue and its publisher.</summary>
    public IEnumerable<RdfDescription> InstanceCatalogue(DcatPage? page) => _catalogues.InstanceCatalogue(page);

    /// <summary>
    /// An organisation's catalogue with its publisher and contact. With <paramref name="partOfInstance"/> the
    /// instance catalogue links it through dct:hasPart; alone (its own harvest URL) it carries paging.
    /// </summary>
    public IEnumerable<RdfDescription> OrganisationCatalogue(DcatOrganisation org, bool partOfInstance, DcatPage? page) =>
        _catalogues.OrganisationCatalogue(org, partOfInstance, page);

    /// <summary>
    /// Everything about one dataset: catalogue membership, the dataset, its distributions, its OData service
    /// and access distribution, its own contact, and first-use vocabulary declarations.
    /// </summary>
    public IEnumerable<RdfDescription> Dataset(DcatOrganisation org, DcatDataset dataset, bool partOfInstance) =>
        _datasets.Dataset(org, dataset, partOfInstance);

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
    public int Mark() => _declarations.Mark();

    /// <summary>What was mapped since <paramref name="mark"/> was never written: its declarations are not in the document.</summary>
    public void Rollback(int mark)
    {
        _declarations.Rollback(mark);
        _catalogues.ForgetPending();
    }
}
