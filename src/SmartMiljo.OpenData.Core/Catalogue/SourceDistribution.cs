namespace SmartMiljo.OpenData.Core.Catalogue;

/// <summary>
/// A distribution as a harvested catalogue record gives it: where the source points (its access and download
/// URLs), in the source's own format and media type words. A record published without data of ours shows
/// these; they are never fetched by readers through us.
/// </summary>
public sealed record SourceDistribution
{
    /// <summary>The distribution's own IRI at the source, when it has one (not a blank node).</summary>
    public string? Iri { get; init; }
    public required string AccessUrl { get; init; }
    public string? DownloadUrl { get; init; }

    /// <summary>dct:format as given: an EU file-type IRI, or a word such as <c>text/csv</c>.</summary>
    public string? Format { get; init; }

    /// <summary>dcat:mediaType as given (an IANA IRI or a media type).</summary>
    public string? MediaType { get; init; }
    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? License { get; init; }
}
