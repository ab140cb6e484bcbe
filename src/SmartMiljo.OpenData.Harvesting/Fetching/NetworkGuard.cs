using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>Raised when a source address resolves to a place the harvester must not reach.</summary>
public sealed class DestinationRefusedException(string message) : IOException(message);

/// <summary>
/// The SSRF guard. It resolves host names itself and connects only to an address it has checked, so a
/// DNS answer cannot change between the check and the connection. Every new connection passes here,
/// including those a redirect opens.
/// </summary>
public sealed class NetworkGuard(IOptions<HarvestOptions> options)
{
    private static readonly IPAddress CloudMetadataV4 = IPAddress.Parse("169.254.169.254");
    private static readonly IPAddress CloudMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Null when the address may be used, otherwise why not (in words for the run report).</summary>
    public string? Check(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var opts = options.Value;
        if (address.Equals(CloudMetadataV4) || address.Equals(CloudMetadataV6))
            return $"{address} is a cloud metadata address";
        if (IsLinkLocal(address)) return $"{address} is a link-local address";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IsMulticastOrBroadcast(address))
            return $"{address} is not a unicast address";
        if (IPAddress.IsLoopback(address) && !opts.AllowLoopback)
            return $"{address} is this machine (loopback); set Harvesting:AllowLoopback to allow it";
        if (IsPrivate(address) && !opts.AllowPrivateNetworks)
            return $"{address} is on a private network; set Harvesting:AllowPrivateNetworks to allow it";
        return null;
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new DestinationRefusedException($"The host name {host} does not resolve to any address.");
        // One forbidden answer makes the whole name suspect (DNS rebinding mixes good and bad answers).
        foreach (var address in addresses)
            if (Check(address) is { } why)
                throw new DestinationRefusedException($"The harvester does not connect to {host}: {why}.");

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

    private static bool IsLinkLocal(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return b[0] == 169 && b[1] == 254;
        }
        return a.IsIPv6LinkLocal || a.IsIPv6SiteLocal;
    }

    private static bool IsMulticastOrBroadcast(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return b[0] >= 224 || (b[0] == 0);
        }
        return a.IsIPv6Multicast;
    }

    private static bool IsPrivate(IPAddress a)
    {
        var b = a.GetAddressBytes();
        if (a.AddressFamily == AddressFamily.InterNetwork)
            return b[0] == 10
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && (b[1] & 0xC0) == 64); // carrier-grade NAT
        return (b[0] & 0xFE) == 0xFC; // unique local fc00::/7
    }
}
