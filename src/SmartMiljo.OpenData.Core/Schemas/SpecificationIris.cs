using System.Text.RegularExpressions;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Core.Schemas;

/// <summary>
/// The one home of specification IRIs. dataportal.se registers a specification as
/// <c>https://dataportal.se/specifications/{id}/{version}</c> and lists on its page the datasets whose
/// <c>dct:conformsTo</c> is exactly that IRI; a draft it has not registered is named by our own address
/// (<c>{base}/api/specifications/{id}/{version}</c>, which answers the specification). The IRIs met in the wild
/// (with <c>www.</c>, lankadedata's documentation address, our own) are recognised as aliases of the same one.
/// </summary>
public static partial class SpecificationIris
{
    public const string DataportalNamespace = "https://dataportal.se/specifications/";

    /// <summary>Names lankadedata uses for a specification where ours differs.</summary>
    private static readonly Dictionary<string, string> LankadedataNames = new(StringComparer.Ordinal)
    {
        ["publicart"] = "offentlig-konst",
    };

    /// <summary>The IRI dataportal.se registers a specification version under.</summary>
    public static string Registered(string id, string version) => $"{DataportalNamespace}{id}/{version}";

    /// <summary>The IRI a dataset's <c>dct:conformsTo</c> carries: dataportal.se's for an official specification, our own for a draft.</summary>
    public static string Published(Specification specification, PublicUrls urls) =>
        specification.Status == SpecificationStatus.Official
            ? Registered(specification.Id, specification.Version)
            : urls.Specification(specification.Id, specification.Version);

    /// <summary>
    /// The specification an IRI names, by id and version (null version: the newest), whether it is dataportal.se's
    /// form (http or https, with or without <c>www.</c>, trailing slash), lankadedata's documentation address or
    /// our own API address on any host; null when it names none of these.
    /// </summary>
    public static (string Id, string? Version)? Recognise(string? iri)
    {
        if (string.IsNullOrWhiteSpace(iri)) return null;
        var text = iri.Trim();
        if (DataportalForm().Match(text) is { Success: true } dataportal) return (dataportal.Groups["id"].Value.ToLowerInvariant(), dataportal.Groups["version"].Value);
        if (LankadedataForm().Match(text) is { Success: true } lankadedata)
        {
            var name = lankadedata.Groups["id"].Value.ToLowerInvariant();
            return (LankadedataNames.GetValueOrDefault(name, name), lankadedata.Groups["version"].Success ? lankadedata.Groups["version"].Value : null);
        }
        if (OwnForm().Match(text) is { Success: true } own) return (own.Groups["id"].Value, own.Groups["version"].Value);
        return null;
    }

    /// <summary>The registered specification an IRI names (any recognised form, or exactly a specification file's own IRI).</summary>
    public static Specification? FindByIri(this ISpecificationRegistry registry, string? iri)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (Recognise(iri) is { } named && registry.Find(named.Id, named.Version) is { } found) return found;
        if (string.IsNullOrWhiteSpace(iri)) return null;
        foreach (var latest in registry.Latest)
            foreach (var version in registry.Versions(latest.Id))
                if (string.Equals(version.Iri, iri.Trim(), StringComparison.Ordinal)) return version;
        return null;
    }

    [GeneratedRegex(@"^https?://(www\.)?dataportal\.se/specifications/(?<id>[a-z0-9][a-z0-9-]*)/(?<version>[0-9][0-9a-z.-]*)/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataportalForm();

    [GeneratedRegex(@"^https?://(www\.)?lankadedata\.se/spec/(?<id>[a-z0-9][a-z0-9-]*)(/(?<version>[0-9][0-9a-z.-]*))?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LankadedataForm();

    [GeneratedRegex(@"^https?://[^/?#]+(/[^?#]*)?/api/specifications/(?<id>[a-z0-9][a-z0-9-]*)/(?<version>[0-9][0-9a-z.-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnForm();
}
