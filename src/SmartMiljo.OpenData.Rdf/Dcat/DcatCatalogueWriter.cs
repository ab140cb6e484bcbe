using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// Streams a DCAT-AP-SE catalogue to a stream: each dataset's descriptions are mapped and written as its
/// record arrives, so memory does not grow with the number of datasets (only a set of the vocabulary IRIs
/// already typed in the document is kept).
/// </summary>
public static class DcatCatalogueWriter
{
    /// <summary>
    /// The instance catalogue at <c>{base}/datasets/dcat</c> with one sub-catalogue per organisation
    /// (dct:hasPart). Organisations without datasets are left out (a dcat:Catalog needs at least one dataset).
    /// With <paramref name="page"/>, pass only that page's datasets; the Hydra view describes the paging.
    /// </summary>
    public static async Task WriteInstanceAsync(Stream output, DcatInstance instance, IAsyncEnumerable<DcatOrganisationCatalogue> organisations,
        RdfSerialization format, DcatPage? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        var mapper = new DcatMapper(instance);
        var writer = RdfWriter.Create(output, format, DcatMapper.CreateNamespaces());
        await using (writer.ConfigureAwait(false))
        {
            await WriteAllAsync(writer, mapper.InstanceCatalogue(page), cancellationToken).ConfigureAwait(false);
            await foreach (var catalogue in organisations.WithCancellation(cancellationToken).ConfigureAwait(false))
                await WriteOrganisationBodyAsync(writer, mapper, catalogue, partOfInstance: true, page: null, skipIfEmpty: true, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One organisation's catalogue at <c>{base}/datasets/dcat/{org}</c>, for its own harvest URL.</summary>
    public static async Task WriteOrganisationAsync(Stream output, DcatInstance instance, DcatOrganisationCatalogue organisation,
        RdfSerialization format, DcatPage? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var mapper = new DcatMapper(instance);
        var writer = RdfWriter.Create(output, format, DcatMapper.CreateNamespaces());
        await using (writer.ConfigureAwait(false))
        {
            await WriteOrganisationBodyAsync(writer, mapper, organisation, partOfInstance: false, page, skipIfEmpty: false, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One dataset's description for its own IRI (<c>{base}/datasets/{org}/{dataset}</c>), with its
    /// distributions, data service, publisher and contact, without a catalogue.
    /// </summary>
    public static async Task WriteDatasetAsync(Stream output, DcatInstance instance, DcatOrganisation organisation, DcatDataset dataset,
        RdfSerialization format, CancellationToken cancellationToken = default)
    {
        var mapper = new DcatMapper(instance);
        var writer = RdfWriter.Create(output, format, DcatMapper.CreateNamespaces());
        await using (writer.ConfigureAwait(false))
        {
            var orgCatalogue = mapper.Iris.OrganisationCatalogue(organisation.Slug);
            // The catalogue description is not part of a dataset page; keep the agent and contact only.
            var context = mapper.OrganisationCatalogue(organisation, partOfInstance: false, page: null)
                .Where(d => d.Subject is not Iri iri || iri.Value != orgCatalogue);
            await WriteAllAsync(writer, context, cancellationToken).ConfigureAwait(false);
            var body = mapper.Dataset(organisation, dataset, partOfInstance: false)
                .Where(d => d.Subject is not Iri iri || iri.Value != orgCatalogue);
            await WriteAllAsync(writer, body, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The instance catalogue as an in-memory graph (for validation and MQA scoring of what we publish),
    /// with exactly the triples <see cref="WriteInstanceAsync(Stream, DcatInstance, IAsyncEnumerable{DcatOrganisationCatalogue}, RdfSerialization, DcatPage?, CancellationToken)"/> writes.
    /// </summary>
    public static async Task<RdfGraph> BuildGraphAsync(DcatInstance instance, IAsyncEnumerable<DcatOrganisationCatalogue> organisations,
        CancellationToken cancellationToken = default)
    {
        var mapper = new DcatMapper(instance);
        var graph = new RdfGraph();
        foreach (var (prefix, ns) in DcatMapper.CreateNamespaces().Declarations) graph.Namespaces.Add(prefix, ns);
        long blank = 0;
        BlankNode NewBlank() => new("b" + (++blank).ToString(System.Globalization.CultureInfo.InvariantCulture));
        void AddAll(IEnumerable<RdfDescription> descriptions)
        {
            foreach (var d in descriptions) graph.AddRange(d.ToTriples(NewBlank));
        }

        AddAll(mapper.InstanceCatalogue(null));
        await foreach (var catalogue in organisations.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var datasets = catalogue.Datasets.GetAsyncEnumerator(cancellationToken);
            await using (datasets.ConfigureAwait(false))
            {
                bool any = await datasets.MoveNextAsync().ConfigureAwait(false);
                if (!any) continue;
                AddAll(mapper.OrganisationCatalogue(catalogue.Organisation, partOfInstance: true, page: null));
                while (any)
                {
                    AddAll(mapper.Dataset(catalogue.Organisation, datasets.Current, partOfInstance: true));
                    any = await datasets.MoveNextAsync().ConfigureAwait(false);
                }
            }
        }
        return graph;
    }

    /// <summary>Convenience overload for in-memory sequences.</summary>
    public static Task WriteInstanceAsync(Stream output, DcatInstance instance, IEnumerable<DcatOrganisationCatalogue> organisations,
        RdfSerialization format, DcatPage? page = null, CancellationToken cancellationToken = default) =>
        WriteInstanceAsync(output, instance, organisations.ToAsyncEnumerable(), format, page, cancellationToken);

    private static async Task WriteOrganisationBodyAsync(RdfWriter writer, DcatMapper mapper, DcatOrganisationCatalogue catalogue,
        bool partOfInstance, DcatPage? page, bool skipIfEmpty, CancellationToken cancellationToken)
    {
        var datasets = catalogue.Datasets.GetAsyncEnumerator(cancellationToken);
        await using (datasets.ConfigureAwait(false))
        {
            bool any = await datasets.MoveNextAsync().ConfigureAwait(false);
            if (!any && skipIfEmpty) return;
            await WriteAllAsync(writer, mapper.OrganisationCatalogue(catalogue.Organisation, partOfInstance, page), cancellationToken).ConfigureAwait(false);
            while (any)
            {
                await WriteAllAsync(writer, mapper.Dataset(catalogue.Organisation, datasets.Current, partOfInstance), cancellationToken).ConfigureAwait(false);
                any = await datasets.MoveNextAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAllAsync(RdfWriter writer, IEnumerable<RdfDescription> descriptions, CancellationToken cancellationToken)
    {
        foreach (var d in descriptions) await writer.WriteAsync(d, cancellationToken).ConfigureAwait(false);
    }
}
