using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Shacl;

namespace SmartMiljo.OpenData.Rdf.Mqa;

/// <summary>
/// Scores datasets with the data.europa.eu metadata-quality method (405 points; 375 in Sweden, which awards
/// nothing for DCAT-AP compliance). Dataset indicators count fully or not at all; distribution indicators
/// earn their points in proportion to the share of the dataset's distributions that meet them. Issued and
/// modified dates count on the dataset or its distributions. URL reachability needs an
/// <see cref="IUrlProbe"/>; without one those 80 points are reported as not checked. Compliance uses the
/// EU core shapes when a validator is given.
/// </summary>
public sealed class MqaScorer(IUrlProbe? urlProbe = null, ShaclValidator? complianceShapes = null)
{
    private static readonly HashSet<string> MachineReadable = new(StringComparer.Ordinal)
    {
        "CSV", "TSV", "JSON", "JSON_LD", "GEOJSON", "XML", "RDF", "RDF_XML", "RDF_TURTLE", "RDF_N_TRIPLES", "RDF_N_QUADS", "N3",
        "XLSX", "XLS", "ODS", "PARQUET", "GPKG", "KML", "KMZ", "GML", "SHP", "WMS_SRVC", "WFS_SRVC", "NETCDF", "HDF", "SPARQLQ", "ATOM", "RSS",
    };

    private static readonly HashSet<string> NonProprietary = new(StringComparer.Ordinal)
    {
        "CSV", "TSV", "JSON", "JSON_LD", "GEOJSON", "XML", "RDF", "RDF_XML", "RDF_TURTLE", "RDF_N_TRIPLES", "RDF_N_QUADS", "N3",
        "ODS", "PARQUET", "GPKG", "KML", "GML", "TXT", "HTML", "PDF", "ZIP", "GZIP", "TAR", "NETCDF", "ATOM", "RSS", "WMS_SRVC", "WFS_SRVC",
    };

    private const string FileTypeNamespace = DcatVocabularies.EuAuthority + "file-type/";
    private const string AccessRightNamespace = DcatVocabularies.EuAuthority + "access-right/";
    private const string LicenceNamespace = DcatVocabularies.EuAuthority + "licence/";

    public async Task<MqaCatalogueScore> ScoreAsync(RdfGraph catalogue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var nonCompliant = complianceShapes is null ? null : NonCompliantDatasets(catalogue);
        var scores = new List<MqaDatasetScore>();
        foreach (var dataset in catalogue.InstancesOf(Vocab.Dcat.Dataset).OrderBy(d => d.ToString(), StringComparer.Ordinal))
            scores.Add(await ScoreDatasetAsync(catalogue, dataset, nonCompliant, cancellationToken).ConfigureAwait(false));
        return new MqaCatalogueScore(scores);
    }

    private async Task<MqaDatasetScore> ScoreDatasetAsync(RdfGraph g, RdfResource dataset, HashSet<RdfResource>? nonCompliant, CancellationToken ct)
    {
        var distributions = g.Objects(dataset, Vocab.Dcat.DistributionProperty).OfType<RdfResource>().ToList();
        var indicators = new List<MqaIndicator>();

        // Findability
        indicators.Add(DatasetIndicator(MqaDimension.Findability, "Nyckelord", "dcat:keyword", 30, Has(g, dataset, Vocab.Dcat.Keyword),
            "Lägg till nyckelord (dcat:keyword) med språktagg."));
        indicators.Add(DatasetIndicator(MqaDimension.Findability, "Kategorier", "dcat:theme", 30, Has(g, dataset, Vocab.Dcat.Theme),
            "Ange minst ett EU-datatema (dcat:theme), t.ex. ENVI för miljö."));
        indicators.Add(DatasetIndicator(MqaDimension.Findability, "Geografisk täckning", "dct:spatial", 20, Has(g, dataset, Vocab.Dct.Spatial),
            "Ange geografiskt område (dct:spatial): kommunens plats-IRI och gärna en bbox."));
        indicators.Add(DatasetIndicator(MqaDimension.Findability, "Tidsmässig täckning", "dct:temporal", 20, Has(g, dataset, Vocab.Dct.Temporal),
            "Ange tidsperiod (dct:temporal med dcat:startDate/dcat:endDate)."));

        // Accessibility
        indicators.Add(await ReachabilityAsync(g, distributions, Vocab.Dcat.AccessUrl, "Åtkomst-URL svarar", "dcat:accessURL", 50, ct).ConfigureAwait(false));
        indicators.Add(DistributionIndicator(MqaDimension.Accessibility, "Nedladdnings-URL finns", "dcat:downloadURL", 20, distributions,
            d => Has(g, d, Vocab.Dcat.DownloadUrl), "Ange dcat:downloadURL för filer som kan laddas ned direkt."));
        indicators.Add(await ReachabilityAsync(g, distributions, Vocab.Dcat.DownloadUrl, "Nedladdnings-URL svarar", "dcat:downloadURL", 30, ct).ConfigureAwait(false));

        // Interoperability
        indicators.Add(DistributionIndicator(MqaDimension.Interoperability, "Format", "dct:format", 20, distributions,
            d => Has(g, d, Vocab.Dct.Format), "Ange format (dct:format) som EU-filtyps-IRI."));
        indicators.Add(DistributionIndicator(MqaDimension.Interoperability, "Mediatyp", "dcat:mediaType", 10, distributions,
            d => Has(g, d, Vocab.Dcat.MediaType), "Ange mediatyp (dcat:mediaType) som IANA-IRI."));
        indicators.Add(DistributionIndicator(MqaDimension.Interoperability, "Format/mediatyp från vokabulär", "dct:format, dcat:mediaType", 10, distributions,
            d => FromVocabulary(g, d), "Använd EU:s filtypslista för dct:format och IANA för dcat:mediaType."));
        indicators.Add(DistributionIndicator(MqaDimension.Interoperability, "Icke-proprietärt format", "dct:format", 20, distributions,
            d => FileType(g, d) is { } t && NonProprietary.Contains(t), "Publicera även i ett öppet format (CSV, GeoJSON, JSON, Parquet)."));
        indicators.Add(DistributionIndicator(MqaDimension.Interoperability, "Maskinläsbart format", "dct:format", 20, distributions,
            d => FileType(g, d) is { } t && MachineReadable.Contains(t), "Publicera i ett maskinläsbart format (CSV, JSON, GeoJSON, XML)."));
        indicators.Add(nonCompliant is null
            ? new MqaIndicator(MqaDimension.Interoperability, "DCAT-AP-efterlevnad", "SHACL", 30, 0, MqaCheck.NotChecked, false, null)
            : DatasetIndicator(MqaDimension.Interoperability, "DCAT-AP-efterlevnad", "SHACL", 30, !nonCompliant.Contains(dataset),
                "Rätta överträdelserna mot DCAT-AP (se valideringen).", countedInSweden: false));

        // Reusability
        indicators.Add(DistributionIndicator(MqaDimension.Reusability, "Licens", "dct:license", 20, distributions,
            d => Has(g, d, Vocab.Dct.License), "Ange licens (dct:license) på varje distribution."));
        indicators.Add(DistributionIndicator(MqaDimension.Reusability, "Licens från vokabulär", "dct:license", 10, distributions,
            d => g.Objects(d, Vocab.Dct.License).OfType<Iri>().Any(l => KnownLicence(l.Value)),
            "Använd licens-IRI exakt som http://creativecommons.org/licenses/by/4.0/ eller CC0."));
        var accessRights = g.Objects(dataset, Vocab.Dct.AccessRights).ToList();
        indicators.Add(DatasetIndicator(MqaDimension.Reusability, "Åtkomsträttigheter", "dct:accessRights", 10, accessRights.Count > 0,
            "Ange åtkomsträttigheter (dct:accessRights), t.ex. PUBLIC."));
        indicators.Add(DatasetIndicator(MqaDimension.Reusability, "Åtkomsträttigheter från vokabulär", "dct:accessRights", 5,
            accessRights.OfType<Iri>().Any(i => i.Value.StartsWith(AccessRightNamespace, StringComparison.Ordinal)),
            "Använd EU:s access-right-lista för dct:accessRights."));
        indicators.Add(DatasetIndicator(MqaDimension.Reusability, "Kontaktpunkt", "dcat:contactPoint", 20, Has(g, dataset, Vocab.Dcat.ContactPoint),
            "Ange en kontaktpunkt (dcat:contactPoint) med e-post."));
        indicators.Add(DatasetIndicator(MqaDimension.Reusability, "Utgivare", "dct:publisher", 10, Has(g, dataset, Vocab.Dct.Publisher),
            "Ange utgivare (dct:publisher) som http://dataportal.se/organisation/SE<organisationsnummer>."));

        // Contextuality
        indicators.Add(DistributionIndicator(MqaDimension.Contextuality, "Rättigheter", "dct:rights", 5, distributions,
            d => Has(g, d, Vocab.Dct.Rights), "Beskriv rättigheter (dct:rights) på distributionerna."));
        indicators.Add(DistributionIndicator(MqaDimension.Contextuality, "Filstorlek", "dcat:byteSize", 5, distributions,
            d => Has(g, d, Vocab.Dcat.ByteSize), "Ange filstorlek (dcat:byteSize)."));
        indicators.Add(DatasetIndicator(MqaDimension.Contextuality, "Publiceringsdatum", "dct:issued", 5,
            Has(g, dataset, Vocab.Dct.Issued) || distributions.Any(d => Has(g, d, Vocab.Dct.Issued)), "Ange publiceringsdatum (dct:issued)."));
        indicators.Add(DatasetIndicator(MqaDimension.Contextuality, "Ändringsdatum", "dct:modified", 5,
            Has(g, dataset, Vocab.Dct.Modified) || distributions.Any(d => Has(g, d, Vocab.Dct.Modified)), "Ange senaste ändringsdatum (dct:modified)."));

        var title = g.Objects(dataset, Vocab.Dct.Title).OfType<Literal>().OrderBy(l => l.Language == "sv" ? 0 : 1).FirstOrDefault()?.Lexical;
        return new MqaDatasetScore(dataset is Iri iri ? iri.Value : dataset.ToString()!, title, indicators);
    }

    private static MqaIndicator DatasetIndicator(MqaDimension dimension, string name, string property, int max, bool met, string todo, bool countedInSweden = true) =>
        new(dimension, name, property, max, met ? max : 0, met ? MqaCheck.Met : MqaCheck.NotMet, countedInSweden, met ? null : $"{todo} (+{max} poäng)");

    private static MqaIndicator DistributionIndicator(MqaDimension dimension, string name, string property, int max, List<RdfResource> distributions,
        Func<RdfResource, bool> test, string todo)
    {
        if (distributions.Count == 0)
            return new(dimension, name, property, max, 0, MqaCheck.NotMet, true, $"Lägg till en distribution (dcat:distribution). {todo} (+{max} poäng)");
        int met = distributions.Count(test);
        double points = Math.Round((double)max * met / distributions.Count, 1);
        var check = met == distributions.Count ? MqaCheck.Met : met == 0 ? MqaCheck.NotMet : MqaCheck.PartlyMet;
        return new(dimension, name, property, max, points, check, true,
            check == MqaCheck.Met ? null : $"{todo} Gäller {distributions.Count - met} av {distributions.Count} distributioner (+{Math.Round(max - points, 1)} poäng)");
    }

    private async Task<MqaIndicator> ReachabilityAsync(RdfGraph g, List<RdfResource> distributions, Iri property, string name, string propertyName, int max, CancellationToken ct)
    {
        if (urlProbe is null) return new MqaIndicator(MqaDimension.Accessibility, name, propertyName, max, 0, MqaCheck.NotChecked, true, null);
        var results = new Dictionary<RdfResource, bool>();
        foreach (var d in distributions)
        {
            var urls = g.Objects(d, property).OfType<Iri>().Select(i => i.Value).ToList();
            bool ok = urls.Count > 0;
            foreach (var url in urls)
            {
                var status = await urlProbe.GetStatusAsync(url, ct).ConfigureAwait(false);
                ok &= status is >= 200 and < 400;
            }
            results[d] = ok;
        }
        return DistributionIndicator(MqaDimension.Accessibility, name, propertyName, max, distributions, d => results[d],
            $"Se till att {propertyName} svarar med HTTP 200.");
    }

    private static bool Has(RdfGraph g, RdfResource node, Iri predicate) => g.Objects(node, predicate).Any();

    private static string? FileType(RdfGraph g, RdfResource distribution)
    {
        foreach (var f in g.Objects(distribution, Vocab.Dct.Format))
        {
            if (f is Iri iri && iri.Value.StartsWith(FileTypeNamespace, StringComparison.Ordinal)) return iri.Value[FileTypeNamespace.Length..];
            // A media-type literal (as DIGG's examples use) maps through our format table.
            if (f is Literal l && DcatFileFormat.All.FirstOrDefault(x => x.MediaType == l.Lexical.Trim().ToLowerInvariant()) is { } known) return known.EuFileType;
        }
        foreach (var m in g.Objects(distribution, Vocab.Dcat.MediaType).OfType<Iri>())
            if (DcatFileFormat.All.FirstOrDefault(x => x.MediaTypeIri == m.Value) is { } known) return known.EuFileType;
        return null;
    }

    private static bool FromVocabulary(RdfGraph g, RdfResource distribution) =>
        g.Objects(distribution, Vocab.Dct.Format).OfType<Iri>().Any(i => i.Value.StartsWith(FileTypeNamespace, StringComparison.Ordinal))
        || g.Objects(distribution, Vocab.Dcat.MediaType).OfType<Iri>().Any(i => i.Value.StartsWith(DcatVocabularies.IanaMediaTypes, StringComparison.Ordinal)
            || i.Value.StartsWith("http://www.iana.org/assignments/media-types/", StringComparison.Ordinal));

    private static bool KnownLicence(string iri) =>
        iri.StartsWith(LicenceNamespace, StringComparison.Ordinal)
        || iri == DcatLicenses.Cc0
        || System.Text.RegularExpressions.Regex.IsMatch(iri, @"^http://creativecommons\.org/licenses/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/4\.0/$");

    /// <summary>Datasets with an EU core violation on themselves or on the nodes they own (distributions, periods, …).</summary>
    private HashSet<RdfResource> NonCompliantDatasets(RdfGraph g)
    {
        var report = complianceShapes!.Validate(g);
        var result = new HashSet<RdfResource>();
        foreach (var violation in report.Of(ShaclSeverity.Violation))
        {
            if (violation.FocusTerm is not RdfResource focus) continue;
            foreach (var dataset in OwningDatasets(g, focus, 0)) result.Add(dataset);
        }
        return result;
    }

    private static IEnumerable<RdfResource> OwningDatasets(RdfGraph g, RdfResource node, int depth)
    {
        if (g.HasType(node, Vocab.Dcat.Dataset)) { yield return node; yield break; }
        if (depth > 3) yield break;
        foreach (var t in g.WithObject(node))
            if (!g.HasType(t.Subject, Vocab.Dcat.Catalog))
                foreach (var d in OwningDatasets(g, t.Subject, depth + 1)) yield return d;
    }
}
