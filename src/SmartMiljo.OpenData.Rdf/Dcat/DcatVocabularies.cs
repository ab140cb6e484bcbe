using System.Globalization;

namespace SmartMiljo.OpenData.Rdf.Dcat;

/// <summary>The controlled vocabularies DCAT-AP-SE requires, as IRIs.</summary>
public static class DcatVocabularies
{
    public const string EuAuthority = "http://publications.europa.eu/resource/authority/";
    public const string DataThemeTaxonomy = EuAuthority + "data-theme";
    public const string SwedishLanguage = EuAuthority + "language/SWE";
    public const string Sweden = EuAuthority + "country/SWE";
    public const string HvdLegislation = "http://data.europa.eu/eli/reg_impl/2023/138/oj";
    public const string HvdCategoryNamespace = "http://data.europa.eu/bna/";
    public const string SdgNamespace = "http://metadata.un.org/sdg/";
    public const string IanaMediaTypes = "https://www.iana.org/assignments/media-types/";
    public const string AvailabilityStable = "http://data.europa.eu/r5r/availability/stable";
    public const string ODataStandard = "http://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part1-protocol.html";

    /// <summary>The 13 EU data themes.</summary>
    public static readonly IReadOnlySet<string> DataThemes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO", "REGI", "SOCI", "TECH", "TRAN",
    };

    /// <summary>EU frequency codes that DCAT-AP-SE 3.0.1 lists.</summary>
    public static readonly IReadOnlySet<string> Frequencies = new HashSet<string>(StringComparer.Ordinal)
    {
        "ANNUAL", "ANNUAL_2", "ANNUAL_3", "BIENNIAL", "BIMONTHLY", "BIWEEKLY", "CONT", "DAILY", "DAILY_2", "IRREG",
        "MONTHLY", "MONTHLY_2", "MONTHLY_3", "NEVER", "OTHER", "QUARTERLY", "TRIENNIAL", "UNKNOWN", "UPDATE_CONT",
        "WEEKLY", "WEEKLY_2", "WEEKLY_3",
    };

    public static string ThemeIri(string code)
    {
        var upper = code.Trim().ToUpperInvariant();
        if (!DataThemes.Contains(upper)) throw new DcatMappingException($"Unknown EU data theme '{code}'. Use one of {string.Join(", ", DataThemes)}.");
        return EuAuthority + "data-theme/" + upper;
    }

    public static string FrequencyIri(string code)
    {
        var upper = code.Trim().ToUpperInvariant();
        if (!Frequencies.Contains(upper)) throw new DcatMappingException($"Unknown EU frequency '{code}'.");
        return EuAuthority + "frequency/" + upper;
    }

    public static string AccessRightsIri(DcatAccessRights rights) => EuAuthority + "access-right/" + rights switch
    {
        DcatAccessRights.Public => "PUBLIC",
        DcatAccessRights.Restricted => "RESTRICTED",
        DcatAccessRights.NonPublic => "NON_PUBLIC",
        _ => throw new ArgumentOutOfRangeException(nameof(rights)),
    };

    public static string PublisherTypeIri(AdmsPublisherType type) => Vocab.Adms.PublisherTypeNamespace + type switch
    {
        AdmsPublisherType.Academia => "Academia-ScientificOrganisation",
        AdmsPublisherType.PrivateIndividual => "PrivateIndividual(s)",
        _ => type.ToString(),
    };

    /// <summary>Accepts <c>c_…</c> codes or full <c>http://data.europa.eu/bna/c_…</c> IRIs.</summary>
    public static string HvdCategoryIri(string categoryOrCode)
    {
        var value = categoryOrCode.Trim();
        if (value.StartsWith(HvdCategoryNamespace, StringComparison.Ordinal)) value = value[HvdCategoryNamespace.Length..];
        var iri = HvdCategoryNamespace + value;
        if (!DcatLabels.IsKnownHvdCategory(iri))
            throw new DcatMappingException($"'{categoryOrCode}' is not an HVD category of DCAT-AP-SE (e.g. c_dd313021 Earth observation and environment).");
        return iri;
    }

    public static string SdgIri(int goal)
    {
        if (goal is < 1 or > 17) throw new DcatMappingException($"Agenda 2030 goal {goal} does not exist (1–17).");
        return SdgNamespace + goal.ToString(CultureInfo.InvariantCulture);
    }

    public static string MediaTypeIri(string mediaType) => IanaMediaTypes + mediaType.Split(';', 2)[0].Trim().ToLowerInvariant();

    /// <summary>Normalises licence IRIs to the exact form DCAT-AP-SE wants (http, trailing slash, no deed page).</summary>
    public static string NormaliseLicense(string license)
    {
        var value = license.Trim();
        if (value.StartsWith("https://creativecommons.org/", StringComparison.OrdinalIgnoreCase))
            value = "http://" + value["https://".Length..];
        if (value.StartsWith("http://creativecommons.org/", StringComparison.OrdinalIgnoreCase))
        {
            int deed = value.IndexOf("/deed", StringComparison.OrdinalIgnoreCase);
            if (deed > 0) value = value[..deed];
            int legal = value.IndexOf("/legalcode", StringComparison.OrdinalIgnoreCase);
            if (legal > 0) value = value[..legal];
            if (!value.EndsWith('/')) value += "/";
            value = value.ToLowerInvariant();
        }
        return value;
    }
}

/// <summary>A file format we publish: the EU file-type code and the IANA media type.</summary>
public sealed record DcatFileFormat(string Extension, string EuFileType, string MediaType, bool MachineReadable, bool NonProprietary)
{
    public string FileTypeIri => DcatVocabularies.EuAuthority + "file-type/" + EuFileType;
    public string MediaTypeIri => DcatVocabularies.MediaTypeIri(MediaType);

    private static readonly Dictionary<string, DcatFileFormat> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = new("csv", "CSV", "text/csv", true, true),
        ["geojson"] = new("geojson", "GEOJSON", "application/geo+json", true, true),
        ["json"] = new("json", "JSON", "application/json", true, true),
        ["jsonld"] = new("jsonld", "JSON_LD", "application/ld+json", true, true),
        ["xlsx"] = new("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true, false),
        ["ods"] = new("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", true, true),
        ["parquet"] = new("parquet", "PARQUET", "application/vnd.apache.parquet", true, true),
        ["zip"] = new("zip", "ZIP", "application/zip", false, true),
        ["xml"] = new("xml", "XML", "application/xml", true, true),
        ["gpkg"] = new("gpkg", "GPKG", "application/geopackage+sqlite3", true, true),
        ["rdf"] = new("rdf", "RDF_XML", "application/rdf+xml", true, true),
        ["ttl"] = new("ttl", "RDF_TURTLE", "text/turtle", true, true),
        ["nt"] = new("nt", "RDF_N_TRIPLES", "application/n-triples", true, true),
        ["txt"] = new("txt", "TXT", "text/plain", false, true),
        ["pdf"] = new("pdf", "PDF", "application/pdf", false, true),
        ["shp"] = new("shp", "SHP", "application/vnd.shp", true, false),
        ["kml"] = new("kml", "KML", "application/vnd.google-earth.kml+xml", true, true),
        ["gml"] = new("gml", "GML", "application/gml+xml", true, true),
    };

    public static IReadOnlyCollection<DcatFileFormat> All => Known.Values;

    public static bool TryGet(string extension, out DcatFileFormat format) => Known.TryGetValue(extension.Trim().TrimStart('.'), out format!);

    public static DcatFileFormat Get(string extension) =>
        TryGet(extension, out var f) ? f : throw new DcatMappingException($"Unknown distribution format '{extension}'. Known: {string.Join(", ", Known.Keys)}.");

    /// <summary>Looks a format up by its EU file-type code (CSV, GEOJSON, …).</summary>
    public static DcatFileFormat? ByFileType(string code) => Known.Values.FirstOrDefault(f => f.EuFileType.Equals(code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Input that cannot be mapped to valid DCAT-AP-SE; the message names the field and the rule.</summary>
public sealed class DcatMappingException(string message) : ArgumentException(message);
