using static SmartMiljo.OpenData.Rdf.Dcat.DcatTerms;
using static SmartMiljo.OpenData.Rdf.Dcat.DcatValues;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>A dataset's download distributions and its OData data service.</summary>
internal sealed class DcatDistributionMapper(DcatDeclarations declarations)
{
    private readonly DcatDeclarations _declarations = declarations;

    public (RdfDescription, IEnumerable<RdfDescription>) Distribution(Iri datasetIri, DcatDataset dataset, DcatDistribution distribution, Iri license, string where)
    {
        var format = DcatFileFormat.Get(distribution.Format);
        var iri = Iri.Create(DcatIris.Distribution(datasetIri.Value, format.Extension));
        var download = CheckedIri(distribution.DownloadUrl, "download URL", where, format.Extension);
        var mediaType = _declarations.Cached(distribution.MediaType is null ? format.MediaTypeIri : DcatVocabularies.MediaTypeIri(distribution.MediaType));
        var fileType = _declarations.Cached(format.FileTypeIri);

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
            d.Add(Vocab.DcatAp.ApplicableLegislation, HvdLegislation);
        }

        var declarations = new List<RdfDescription>();
        if (dataset.IsHighValue) declarations.Add(new RdfDescription(download).AddType(RdfsResource));
        declarations.AddRange(_declarations.DeclareConcept(fileType, FileTypeScheme, Vocab.Dct.MediaTypeOrExtent));
        declarations.AddRange(_declarations.Declare(mediaType, Vocab.Dct.MediaTypeClass));
        declarations.AddRange(_declarations.DeclareConcept(Stable, AvailabilityScheme));
        return (d, declarations);
    }

    /// <summary>
    /// The OData data service. It is reached from each download distribution (<c>dcat:accessService</c>) rather than
    /// through an access distribution of its own: an API has no download URL or byte size, so such a distribution
    /// cost every dataset about 18 MQA points (one distribution in three short of three indicators) although
    /// nothing was missing.
    /// </summary>
    public (RdfDescription Service, IEnumerable<RdfDescription> Declarations) ODataService(
        Iri datasetIri, DcatDataset dataset, DcatDataService odata, Iri serviceIri, Iri publisher, Iri? contact, Iri license,
        IReadOnlyList<Iri> hvdCategories, string where)
    {
        var endpoint = CheckedIri(odata.EndpointUrl, "OData endpoint", where);
        var metadata = CheckedIri(odata.MetadataUrl, "OData $metadata URL", where);
        var json = Iri.Create(DcatFileFormat.Get("json").FileTypeIri);
        var declarations = new List<RdfDescription>
        {
            new RdfDescription(metadata).AddType(Vocab.Dct.Standard).AddType(RdfsResource),
        };

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
            .Add(Vocab.Dct.AccessRights, _declarations.Cached(dataset.AccessRights.ToString(), _ => DcatVocabularies.AccessRightsIri(dataset.AccessRights)))
            .Add(Vocab.Dct.Rights, RightsStatement());
        if (contact is not null) service.Add(Vocab.Dcat.ContactPoint, contact);
        foreach (var k in dataset.Keywords)
            if (!string.IsNullOrWhiteSpace(k.Text)) service.Add(Vocab.Dcat.Keyword, Literal.LanguageTagged(k.Text.Trim(), k.Language));
        foreach (var theme in dataset.Themes.Distinct(StringComparer.OrdinalIgnoreCase))
            service.Add(Vocab.Dcat.Theme, _declarations.Cached(theme, DcatVocabularies.ThemeIri));
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
            service.Add(Vocab.DcatAp.ApplicableLegislation, HvdLegislation);
            foreach (var cat in hvdCategories) service.Add(Vocab.DcatAp.HvdCategory, cat);
            declarations.Add(new RdfDescription(endpoint).AddType(RdfsResource));
        }
        declarations.AddRange(_declarations.Declare(Iri.Create(DcatVocabularies.ODataStandard), Vocab.Dct.Standard));
        declarations.AddRange(_declarations.DeclareConcept(RestArchitecture, null));
        declarations.AddRange(_declarations.DeclareConcept(json, FileTypeScheme, Vocab.Dct.MediaTypeOrExtent));
        return (service, declarations);
    }
}
