using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>Raised when an address resolves to a place the platform must not reach.</summary>
public sealed class DestinationRefusedException(string message) : IOException(message);

/// <summary>
/// The SSRF guard for every outbound request the platform makes (harvests, <c>/api/validate?url=</c>,
/// <c>/api/dcat/validate?url=</c>, MQA link checks; see <see cref="OutboundHttp"/>). It resolves host names
/// itself, checks every address the name resolves to, and connects to exactly the address it checked, so a
/// DNS answer cannot change between the check and the connection (DNS rebinding). Every new connection
/// passes here, including those a redirect opens. <c>Harvesting:AllowLoopback</c> and
/// <c>Harvesting:AllowPrivateNetworks</c> open loopback and private networks (tests, intranets); link-local,
/// cloud metadata, multicast, unspecified and reserved addresses are refused whatever the settings.
/// </summary>
public sealed class NetworkGuard(IOptions<HarvestOptions> options)
{
    /// <summary>The handler every outbound request goes through: no automatic redirects or decompression
    /// (callers follow and limit both), no proxy (it would connect for us, unchecked), the guard on every connection.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = ConnectAsync,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
    };

    /// <summary>Null when the address may be used, otherwise why not (in words for reports).</summary>
    public string? Check(IPAddress address)
    {
        var traits = NetworkAddresses.Classify(address);
        var opts = options.Value;
        if (traits.HasFlag(AddressTraits.CloudMetadata)) return $"{address} is a cloud metadata address";
        if (traits.HasFlag(AddressTraits.LinkLocal)) return $"{address} is a link-local address";
        if (traits.HasFlag(AddressTraits.Unspecified) || traits.HasFlag(AddressTraits.Multicast))
            return $"{address} is not a unicast address";
        if (traits.HasFlag(AddressTraits.Reserved)) return $"{address} is in a reserved address range";
        if (traits.HasFlag(AddressTraits.Loopback) && !opts.AllowLoopback)
            return $"{address} is this machine (loopback); set Harvesting:AllowLoopback to allow it";
        if (traits.HasFlag(AddressTraits.Private) && !opts.AllowPrivateNetworks)
            return $"{address} is on a private network; set Harvesting:AllowPrivateNetworks to allow it";
        return null;
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(host, cancellationToken); }
            catch (SocketException ex) { throw new IOException($"The host name {host} could not be resolved: {ex.Message}", ex); }
        }
        if (addresses.Length == 0) throw new DestinationRefusedException($"The host name {host} does not resolve to any address.");
        // One forbidden answer makes the whole name suspect (DNS rebinding mixes good and bad answers).
        foreach (var address in addresses)
            if (Check(address) is { } why)
                throw new DestinationRefusedException($"The platform does not connect to {host}: {why}.");

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new IOException($"Could not connect to {host}:{context.DnsEndPoint.Port}: {last?.Message}", last);
    }

    /// <summary>The refusal inside an exception a request ended with, if the guard refused it.</summary>
    public static DestinationRefusedException? RefusalIn(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is DestinationRefusedException refused) return refused;
        return null;
    }
}
