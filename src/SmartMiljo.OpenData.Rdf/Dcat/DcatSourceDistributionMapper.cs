using static SmartMiljo.OpenData.Rdf.Dcat.DcatTerms;
using static SmartMiljo.OpenData.Rdf.Dcat.DcatValues;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>
/// A harvested record's distribution as its source gives it: its own IRI (or one under the dataset's IRI for a
/// blank node), its access and download URLs, format and media type, title and licence. A format given as a
/// media type word (EntryScape writes <c>dct:format "text/csv"</c>) is published as the IANA media type IRI,
/// since DCAT-AP-SE wants an IRI there.
/// </summary>
internal static class DcatSourceDistributionMapper
{
    private const string FileTypeNamespace = DcatVocabularies.EuAuthority + "file-type/";

    public static (RdfDescription, IEnumerable<RdfDescription>) Distribution(DcatDeclarations declarations, Iri datasetIri, DcatSourceDistribution source,
        int number, Iri datasetLicense, string where)
    {
        var iri = source.Iri is { } own ? CheckedIri(own, "distribution IRI", where) : Iri.Create(DcatIris.Distribution(datasetIri.Value, $"source-{number}"));
        var d = new RdfDescription(iri).AddType(Vocab.Dcat.Distribution)
            .Add(Vocab.Dcat.AccessUrl, CheckedIri(source.AccessUrl, "access URL", where));
        if (source.DownloadUrl is { } download) d.Add(Vocab.Dcat.DownloadUrl, CheckedIri(download, "download URL", where));
        if (source.Title is { } title && !string.IsNullOrWhiteSpace(title.Sv)) AddText(d, Vocab.Dct.Title, title, $"distribution title of {where}");
        var extra = new List<RdfDescription>();
        var mediaType = source.MediaType;
        if (source.Format is { } format)
        {
            if (Iri.TryCreate(format, out var formatIri) && format.Contains("://", StringComparison.Ordinal))
            {
                d.Add(Vocab.Dct.Format, formatIri);
                extra.AddRange(format.StartsWith(FileTypeNamespace, StringComparison.Ordinal)
                    ? declarations.DeclareConcept(formatIri, FileTypeScheme, Vocab.Dct.MediaTypeOrExtent)
                    : declarations.Declare(formatIri, Vocab.Dct.MediaTypeOrExtent));
            }
            else if (format.Contains('/')) mediaType ??= format;
        }
        if (mediaType is not null)
        {
            var mediaIri = mediaType.Contains("://", StringComparison.Ordinal) ? CheckedIri(mediaType, "media type", where)
                : CheckedIri(DcatVocabularies.MediaTypeIri(mediaType), "media type", where);
            d.Add(Vocab.Dcat.MediaType, mediaIri);
            extra.AddRange(declarations.Declare(mediaIri, Vocab.Dct.MediaTypeClass));
        }
        var license = source.License is { } own2 ? CheckedIri(DcatVocabularies.NormaliseLicense(own2), "distribution licence", where) : datasetLicense;
        d.Add(Vocab.Dct.License, license);
        if (!license.Equals(datasetLicense)) extra.AddRange(declarations.DeclareLicense(license));
        return (d, extra);
    }
}
