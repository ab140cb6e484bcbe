using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// Streams a DCAT-AP-SE catalogue to a stream: each dataset's descriptions are mapped and written as its
/// record arrives, so memory does not grow with the number of datasets (only a set of the vocabulary IRIs
/// already typed in the document is kept). Each record is isolated: its values are checked against
/// <see cref="Metadata.MetadataRules"/> and it is mapped and written all or nothing, so a value that
/// cannot be written costs that value (or that record) and a report to <c>onOmission</c>, never the
/// catalogue of every other organisation.
/// </summary>
public static class DcatCatalogueWriter
{
    /// <summary>
    /// The instance catalogue at <c>{base}/datasets/dcat</c> with one sub-catalogue per organisation
    /// (dct:hasPart). Organisations without datasets are left out (a dcat:Catalog needs at least one dataset).
    /// With <paramref name="page"/>, pass only that page's datasets; the Hydra view describes the paging.
    /// </summary>
    public static async Task WriteInstanceAsync(Stream output, DcatInstance instance, IAsyncEnumerable<DcatOrganisationCatalogue> organisations,
        RdfSerialization format, DcatPage? page = null, CancellationToken cancellationToken = default, Action<DcatOmission>? onOmission = null)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        var mapper = new DcatMapper(instance);
        var writer = RdfWriter.Create(output, format, DcatMapper.CreateNamespaces());
        await using (writer.ConfigureAwait(false))
        {
            await WriteAllAsync(writer, mapper.InstanceCatalogue(page), cancellationToken).ConfigureAwait(false);
            await foreach (var catalogue in organisations.WithCancellation(cancellationToken).ConfigureAwait(false))
                await WriteOrganisationBodyAsync(writer, mapper, catalogue, partOfInstance: true, page: null, skipIfEmpty: true, onOmission, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One organisation's catalogue at <c>{base}/datasets/dcat/{org}</c>, for its own harvest URL. An organisation
    /// without published datasets gets a valid empty document: DCAT-AP-SE wants at least one dcat:dataset on every
    /// dcat:Catalog, so no catalogue is described until there is something in it.
    /// </summary>
    public static async Task WriteOrganisationAsync(Stream output, DcatInstance instance, DcatOrganisationCatalogue organisation,
        RdfSerialization format, DcatPage? page = null, CancellationToken cancellationToken = default, Action<DcatOmission>? onOmission = null)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var mapper = new DcatMapper(instance);
        var writer = RdfWriter.Create(output, format, DcatMapper.CreateNamespaces());
        await using (writer.ConfigureAwait(false))
        {
            await WriteOrganisationBodyAsync(writer, mapper, organisation, partOfInstance: false, page, skipIfEmpty: true, onOmission, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One dataset's description for its own IRI (<c>{base}/datasets/{org}/{dataset}</c>), with its
    /// distributions, data service, publisher and contact, without a catalogue.
    /// </summary>
    public static async Task WriteDatasetAsync(Stream output, DcatInstance instance, DcatOrganisation organisation, DcatDataset dataset,
        RdfSerialization format, CancellationToken cancellationToken = default, Action<DcatOmission>? onOmission = null)
    {
        var mapper = new DcatMapper(instance);
        // One record only: a record that cannot be written is the caller's error (DcatMappingException).
        organisation = DcatRecordSanitiser.Sanitise(organisation, onOmission);
        dataset = DcatRecordSanitiser.Sanitise(organisation.Slug, dataset, onOmission);
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
        CancellationToken cancellationToken = default, Action<DcatOmission>? onOmission = null)
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
            var body = new RecordBody(mapper, catalogue, partOfInstance: true, page: null, onOmission);
            await foreach (var (record, _) in body.RecordsAsync(skipIfEmpty: true, cancellationToken).ConfigureAwait(false)) AddAll(record);
        }
        return graph;
    }

    /// <summary>Convenience overload for in-memory sequences.</summary>
    public static Task WriteInstanceAsync(Stream output, DcatInstance instance, IEnumerable<DcatOrganisationCatalogue> organisations,
        RdfSerialization format, DcatPage? page = null, CancellationToken cancellationToken = default, Action<DcatOmission>? onOmission = null) =>
        WriteInstanceAsync(output, instance, organisations.ToAsyncEnumerable(), format, page, cancellationToken, onOmission);

    private static async Task WriteOrganisationBodyAsync(RdfWriter writer, DcatMapper mapper, DcatOrganisationCatalogue catalogue,
        bool partOfInstance, DcatPage? page, bool skipIfEmpty, Action<DcatOmission>? onOmission, CancellationToken cancellationToken)
    {
        var body = new RecordBody(mapper, catalogue, partOfInstance, page, onOmission);
        await foreach (var (record, mark) in body.RecordsAsync(skipIfEmpty, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await writer.WriteRecordAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRecordFault(ex))
            {
                mapper.Rollback(mark);
                body.Omit(ex);
            }
        }
    }

    /// <summary>
    /// The records of one organisation's catalogue, each mapped completely, with the mapper's mark before it:
    /// the catalogue itself (held back until a dataset maps when empty catalogues are left out), then one
    /// record per dataset. A record that cannot be mapped is reported and skipped.
    /// </summary>
    private sealed class RecordBody(DcatMapper mapper, DcatOrganisationCatalogue catalogue, bool partOfInstance, DcatPage? page, Action<DcatOmission>? onOmission)
    {
        private string _current = $"organisation {catalogue.Organisation.Slug}";

        public async IAsyncEnumerable<(IReadOnlyList<RdfDescription> Record, int Mark)> RecordsAsync(bool skipIfEmpty,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            DcatOrganisation organisation;
            IReadOnlyList<RdfDescription> header;
            var headerMark = mapper.Mark();
            try
            {
                organisation = DcatRecordSanitiser.Sanitise(catalogue.Organisation, onOmission);
                header = mapper.OrganisationCatalogueRecord(organisation, partOfInstance, page);
            }
            catch (Exception ex) when (IsRecordFault(ex))
            {
                // Without its catalogue and publisher, none of the organisation's datasets can be described.
                Omit(ex);
                yield break;
            }
            bool headerWritten = false;
            if (!skipIfEmpty)
            {
                headerWritten = true;
                yield return (header, headerMark);
            }
            var datasets = catalogue.Datasets.GetAsyncEnumerator(cancellationToken);
            await using (datasets.ConfigureAwait(false))
            {
                while (await datasets.MoveNextAsync().ConfigureAwait(false))
                {
                    var dataset = datasets.Current;
                    _current = $"dataset {organisation.Slug}/{dataset.Slug}";
                    var mark = mapper.Mark();
                    IReadOnlyList<RdfDescription>? record = null;
                    try
                    {
                        record = mapper.DatasetRecord(organisation, DcatRecordSanitiser.Sanitise(organisation.Slug, dataset, onOmission), partOfInstance);
                    }
                    catch (Exception ex) when (IsRecordFault(ex))
                    {
                        Omit(ex);
                    }
                    if (record is null) continue;
                    if (!headerWritten)
                    {
                        headerWritten = true;
                        // The catalogue goes first; the dataset's mark still lies after the catalogue's declarations.
                        yield return (header, headerMark);
                    }
                    yield return (record, mark);
                }
            }
            // Mapped but never written: its declarations must not suppress the next organisation's.
            if (!headerWritten) mapper.Rollback(headerMark);
        }

        public void Omit(Exception ex) =>
            onOmission?.Invoke(new DcatOmission(_current, "record", null, ex.Message, RecordDropped: true));
    }

    /// <summary>Mapping and buffering work in memory: anything they throw is about the record, except cancellation.</summary>
    private static bool IsRecordFault(Exception ex) => ex is not (OperationCanceledException or OutOfMemoryException);

    private static async Task WriteAllAsync(RdfWriter writer, IEnumerable<RdfDescription> descriptions, CancellationToken cancellationToken)
    {
        foreach (var d in descriptions) await writer.WriteAsync(d, cancellationToken).ConfigureAwait(false);
    }
}
