using System.Globalization;

namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>Conditional GET (RFC 9110 §13): whether to answer 304 Not Modified.</summary>
public static class HttpConditional
{
    /// <summary>A strong ETag from a version token, quoted as HTTP wants.</summary>
    public static string ETag(string versionToken, RdfSerialization format) => $"\"{versionToken}-{format.FileExtension()}\"";

    /// <summary>
    /// If-None-Match wins when present (any listed tag, weak comparison, or *); otherwise If-Modified-Since
    /// is compared at one-second precision, as HTTP dates carry no fractions.
    /// </summary>
    public static bool IsNotModified(string? ifNoneMatch, string? ifModifiedSince, string etag, DateTimeOffset lastModified)
    {
        if (!string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            foreach (var raw in ifNoneMatch.Split(','))
            {
                var tag = raw.Trim();
                if (tag == "*") return true;
                if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
                var ours = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
                if (tag == ours) return true;
            }
            return false;
        }
        if (!string.IsNullOrWhiteSpace(ifModifiedSince)
            && DateTimeOffset.TryParseExact(ifModifiedSince.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            var truncated = new DateTimeOffset(lastModified.UtcDateTime.Ticks - lastModified.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            return truncated <= since;
        }
        return false;
    }
}
