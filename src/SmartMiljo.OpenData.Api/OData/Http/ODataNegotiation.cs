using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SmartMiljo.OpenData.Api.OData.Http;

/// <summary>How much control information a JSON response carries (<c>odata.metadata</c>).</summary>
public enum MetadataLevel { None, Minimal, Full }

/// <summary>How a JSON response is written, as negotiated from <c>Accept</c>/<c>$format</c>.</summary>
public sealed record JsonFormat(MetadataLevel Metadata, bool Ieee754Compatible)
{
    public bool MetadataNone => Metadata == MetadataLevel.None;
    public bool MetadataFull => Metadata == MetadataLevel.Full;

    public string ContentType =>
        $"application/json;odata.metadata={Metadata.ToString().ToLowerInvariant()};odata.streaming=true;IEEE754Compatible={(Ieee754Compatible ? "true" : "false")};charset=utf-8";
}

/// <summary>
/// Protocol negotiation: the OData version (we speak 4.0 and 4.01, so <c>OData-MaxVersion</c>
/// below 4.0 fails) and the media type (JSON for data, CSDL XML for metadata, text for
/// <c>$count</c> and <c>$value</c>). Requests that cannot be satisfied get 406, as the protocol asks.
/// </summary>
public static class ODataNegotiation
{
    /// <summary>Validates the version headers and returns the version to answer with.</summary>
    public static string ResponseVersion(HttpRequest request)
    {
        var maxVersion = ParseVersion(request.Headers["OData-MaxVersion"], "OData-MaxVersion");
        var version = ParseVersion(request.Headers["OData-Version"], "OData-Version");
        if (maxVersion is { } max && max < 4.0m)
            throw ODataRequestException.BadRequest(
                $"OData-MaxVersion {max.ToString(CultureInfo.InvariantCulture)} is not supported: this service speaks OData 4.0 and 4.01.");
        if (version is { } v && v is not (4.0m or 4.01m))
            throw ODataRequestException.BadRequest(
                $"OData-Version {v.ToString(CultureInfo.InvariantCulture)} is not supported: this service speaks OData 4.0 and 4.01.");
        return maxVersion >= 4.01m || (maxVersion is null && version == 4.01m) ? "4.01" : "4.0";
    }

    private static decimal? ParseVersion(StringValues header, string name)
    {
        if (StringValues.IsNullOrEmpty(header)) return null;
        return decimal.TryParse(header.ToString().Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ODataRequestException.BadRequest($"The {name} header must be a version number such as 4.0.");
    }

    /// <summary>Negotiates a JSON data response.</summary>
    public static JsonFormat Json(HttpRequest request, string? formatOption)
    {
        var candidates = formatOption is not null ? FromFormatOption(formatOption) : Accepted(request);
        if (candidates is null) return new JsonFormat(MetadataLevel.Minimal, false);
        foreach (var media in candidates)
        {
            if (!IsJson(media)) continue;
            // OData 4.01 lets clients leave out the odata. prefix of format parameters.
            var metadata = (Parameter(media, "odata.metadata") ?? Parameter(media, "metadata"))?.ToLowerInvariant();
            var level = metadata switch
            {
                null or "minimal" => MetadataLevel.Minimal,
                "none" => MetadataLevel.None,
                "full" => MetadataLevel.Full,
                _ => throw ODataRequestException.NotAcceptable($"odata.metadata={metadata} is not supported; use minimal, full or none."),
            };
            return new JsonFormat(level, string.Equals(Parameter(media, "IEEE754Compatible"), "true", StringComparison.OrdinalIgnoreCase));
        }
        throw ODataRequestException.NotAcceptable(
            "This service answers data requests with application/json only (Accept or $format).");
    }

    /// <summary>Chooses the CSDL representation of <c>$metadata</c>: XML (the default, also for <c>*/*</c>) or JSON
    /// (<c>$format=json</c> or <c>Accept: application/json</c>); true for JSON.</summary>
    public static bool MetadataAsJson(HttpRequest request, string? formatOption)
    {
        var candidates = formatOption is not null ? FromFormatOption(formatOption) : Accepted(request);
        if (candidates is null) return false;
        foreach (var media in candidates)
        {
            if (media.MatchesAllTypes || media.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || media.MediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase))
                return false;
            if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return true;
        }
        throw ODataRequestException.NotAcceptable("$metadata is available as CSDL XML (application/xml) or CSDL JSON (application/json).");
    }

    /// <summary>Fails unless the client accepts text/plain (for /$count and /$value).</summary>
    public static void RequireText(HttpRequest request)
    {
        var candidates = Accepted(request);
        if (candidates is null) return;
        if (candidates.Any(m => m.MatchesAllTypes || m.MediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase)
                                || m.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
            return;
        throw ODataRequestException.NotAcceptable("This resource is available as text/plain only.");
    }

    private static IEnumerable<MediaTypeHeaderValue>? Accepted(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(accept)) return null;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var list) || list.Count == 0)
            throw ODataRequestException.BadRequest("The Accept header cannot be parsed.");
        return list.Where(m => m.Quality is not 0).OrderByDescending(m => m.Quality ?? 1).ToList();
    }

    private static IEnumerable<MediaTypeHeaderValue> FromFormatOption(string format)
    {
        var value = format.Trim();
        // The short names may carry parameters too: $format=json;odata.metadata=full.
        var semicolon = value.IndexOf(';');
        var (name, parameters) = semicolon < 0 ? (value, "") : (value[..semicolon].Trim(), value[semicolon..]);
        if (name.Equals("json", StringComparison.OrdinalIgnoreCase)) value = "application/json" + parameters;
        else if (name.Equals("xml", StringComparison.OrdinalIgnoreCase)) value = "application/xml" + parameters;
        if (!MediaTypeHeaderValue.TryParse(value, out var media))
            throw ODataRequestException.NotAcceptable($"$format '{format}' is not available: use json (or xml for $metadata).");
        return [media];
    }

    private static bool IsJson(MediaTypeHeaderValue media) =>
        media.MatchesAllTypes
        || media.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static string? Parameter(MediaTypeHeaderValue media, string name) =>
        media.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value.Value?.Trim('"');
}
