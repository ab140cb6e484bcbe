using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SmartMiljo.OpenData.Exports;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>Picks a precompressed representation the client accepts (RFC 9110 §12.5.3), honouring q-values.</summary>
internal static class ContentCodingNegotiation
{
    /// <summary>Precompressed encodings the client accepts, best first; empty means identity only.</summary>
    public static IEnumerable<DownloadEncoding> Acceptable(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted) || accepted.Count == 0)
            return [];
        var wildcard = accepted.FirstOrDefault(a => a.Value.Equals("*", StringComparison.Ordinal));
        return DownloadEncodings.All
            .Select((encoding, preference) => (encoding, preference, quality: QualityOf(encoding, accepted, wildcard)))
            .Where(candidate => candidate.quality > 0)
            .OrderByDescending(candidate => candidate.quality)
            .ThenBy(candidate => candidate.preference)
            .Select(candidate => candidate.encoding)
            .ToList();
    }

    private static double QualityOf(DownloadEncoding encoding, IList<StringWithQualityHeaderValue> accepted,
        StringWithQualityHeaderValue? wildcard)
    {
        var explicitEntry = accepted.FirstOrDefault(a =>
            a.Value.Equals(encoding.ContentCoding, StringComparison.OrdinalIgnoreCase)
            || (encoding.ContentCoding == "gzip" && a.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)));
        var entry = explicitEntry ?? wildcard;
        return entry is null ? 0 : entry.Quality ?? 1;
    }
}
