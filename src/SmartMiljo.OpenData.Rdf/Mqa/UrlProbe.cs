using System.Collections.Concurrent;
using System.Net;

namespace SmartMiljo.OpenData.Rdf.Mqa;

/// <summary>Answers the HTTP status of a URL (null when it cannot be reached at all).</summary>
public interface IUrlProbe
{
    Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken);
}

/// <summary>
/// HEAD first, GET (headers only) when a server refuses HEAD, as the MQA checker does. Results are
/// cached per URL for the lifetime of the instance, so one scoring run asks each URL once.
/// </summary>
public sealed class HttpUrlProbe(HttpClient client) : IUrlProbe
{
    private readonly ConcurrentDictionary<string, Task<int?>> _cache = new(StringComparer.Ordinal);

    public Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken) =>
        _cache.GetOrAdd(url, u => ProbeAsync(u, cancellationToken));

    private async Task<int?> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) return null;
        try
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, uri), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (head.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented or HttpStatusCode.Forbidden)) return (int)head.StatusCode;
            using var get = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)get.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // timeout
        }
    }
}
