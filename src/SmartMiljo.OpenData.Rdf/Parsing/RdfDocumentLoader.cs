using System.Net;
using System.Net.Sockets;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>
/// Loads RDF documents that arrive from outside (uploads, URLs) with size limits and syntax detection:
/// media type first, then the file extension, then the first bytes.
/// </summary>
public static class RdfDocumentLoader
{
    /// <summary>Reads at most <paramref name="maxBytes"/> from <paramref name="body"/> and parses it.</summary>
    public static async Task<RdfGraph> LoadAsync(Stream body, string? mediaType, string? nameOrUrl, long maxBytes, string? baseIri, CancellationToken cancellationToken,
        RdfParseLimits? limits = null)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new RdfException($"The document is larger than the limit of {maxBytes / 1_000_000.0:0.#} MB.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new RdfException("The document is empty.");
        buffer.Position = 0;
        var format = DetectFormat(mediaType, nameOrUrl, buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 512)))
            ?? throw new RdfException("Cannot tell the RDF syntax: send Content-Type application/rdf+xml, text/turtle, application/n-triples or application/ld+json.");
        return RdfParser.Load(buffer, format, baseIri, limits);
    }

    public static RdfSerialization? DetectFormat(string? mediaType, string? nameOrUrl, ReadOnlySpan<byte> start)
    {
        // Generic types (text/plain, application/octet-stream, application/xml) say little; let the content decide.
        var bare = mediaType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (bare is not (null or "" or "text/plain" or "application/octet-stream" or "application/xml" or "text/xml" or "application/json")
            && RdfSerializations.TryFromMediaType(bare, out var byType)) return byType;
        if (nameOrUrl is not null)
        {
            var path = Uri.TryCreate(nameOrUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath : nameOrUrl;
            if (RdfSerializations.TryFromExtension(Path.GetExtension(path), out var byExtension) && Path.GetExtension(path) is not (".json" or ".xml"))
                return byExtension;
        }
        return RdfParser.Sniff(start) ?? (bare is not null && RdfSerializations.TryFromMediaType(bare, out var fallback) ? fallback : null);
    }

    /// <summary>
    /// Fetches a catalogue by URL (http/https only). Redirects are followed by hand (at most 5) so that every
    /// hop is checked: unless <paramref name="allowPrivateNetworks"/>, addresses in loopback, private and
    /// link-local ranges are refused, so the validator cannot be used to probe the internal network.
    /// The <paramref name="client"/> must not follow redirects itself.
    /// </summary>
    public static async Task<RdfGraph> FetchAsync(HttpClient client, string url, long maxBytes, bool allowPrivateNetworks, CancellationToken cancellationToken,
        RdfParseLimits? limits = null)
    {
        var current = url;
        for (int hop = 0; hop <= 5; hop++)
        {
            if (!Uri.TryCreate(current, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new RdfException($"'{current}' is not an absolute http(s) URL.");
            if (!allowPrivateNetworks) await EnsurePublicAsync(uri, cancellationToken).ConfigureAwait(false);

            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Accept", "application/rdf+xml, text/turtle;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, */*;q=0.1");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                current = new Uri(uri, location).AbsoluteUri;
                continue;
            }
            if (!response.IsSuccessStatusCode) throw new RdfException($"{uri} answered HTTP {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > maxBytes) throw new RdfException($"The document at {uri} is larger than the limit of {maxBytes / 1_000_000.0:0.#} MB.");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await LoadAsync(body, response.Content.Headers.ContentType?.ToString(), uri.AbsoluteUri, maxBytes, uri.AbsoluteUri, cancellationToken, limits).ConfigureAwait(false);
        }
        throw new RdfException($"Too many redirects from {url}.");
    }

    private static async Task EnsurePublicAsync(Uri uri, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new RdfException($"The host {uri.Host} cannot be resolved: {e.Message}", e);
        }
        foreach (var address in addresses)
            if (IsPrivate(address)) throw new RdfException($"{uri.Host} resolves to a private or local address; only public catalogues can be validated by URL.");
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
            || b[0] >= 224;
    }
}
