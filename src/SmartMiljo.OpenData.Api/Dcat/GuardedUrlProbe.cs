using System.Collections.Concurrent;
using System.Net;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Rdf.Mqa;

namespace SmartMiljo.OpenData.Api.Dcat;

/// <summary>
/// MQA's link check through the network guard: HEAD first, GET (headers only) when a server refuses HEAD, as
/// the MQA checker does; redirects followed with every hop checked. An address the guard refuses counts as
/// unreachable. Results are cached per URL for the lifetime of the instance, so one scoring run asks each URL once.
/// </summary>
public sealed class GuardedUrlProbe(OutboundHttp http, TimeSpan timeout) : IUrlProbe
{
    private readonly ConcurrentDictionary<string, Task<int?>> _cache = new(StringComparer.Ordinal);

    public Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken) =>
        _cache.GetOrAdd(url, u => ProbeAsync(u, cancellationToken));

    private async Task<int?> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using (var head = await http.SendAsync(uri, deadline.Token, HttpMethod.Head))
                if (head.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented or HttpStatusCode.Forbidden)) return (int)head.StatusCode;
            using var get = await http.SendAsync(uri, deadline.Token);
            return (int)get.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OutboundRequestRefusedException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // timeout
        }
    }
}
