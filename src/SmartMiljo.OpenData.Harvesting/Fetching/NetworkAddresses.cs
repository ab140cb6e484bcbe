using System.Net;
using System.Net.Sockets;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>What kind of place an address leads to. An address may carry several traits: an IPv6 form
/// that embeds an IPv4 address (mapped, NAT64, 6to4, Teredo) carries the embedded address's traits too.</summary>
[Flags]
public enum AddressTraits
{
    /// <summary>A public unicast address.</summary>
    Public = 0,
    /// <summary>This machine: 127/8, ::1.</summary>
    Loopback = 1,
    /// <summary>A private or site-local network: 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT),
    /// 198.18/15, fc00::/7 (unique local), fec0::/10 (site-local), 64:ff9b:1::/48 (local-use NAT64).</summary>
    Private = 2,
    /// <summary>Link-local: 169.254/16, fe80::/10. Never reachable on purpose from a server.</summary>
    LinkLocal = 4,
    /// <summary>Multicast or broadcast: 224/4, 255.255.255.255, ff00::/8.</summary>
    Multicast = 8,
    /// <summary>"This host" or "any": 0/8, ::.</summary>
    Unspecified = 16,
    /// <summary>Reserved, documentation or discard ranges: 192.0.0/24, 192.0.2/24, 198.51.100/24, 203.0.113/24,
    /// 192.88.99/24, 240/4, 100::/64, 2001:db8::/32, and IPv4-compatible ::a.b.c.d.</summary>
    Reserved = 32,
    /// <summary>A cloud provider's instance metadata service (169.254.169.254, fd00:ec2::254).</summary>
    CloudMetadata = 64,
}

/// <summary>
/// Classifies IP addresses for the <see cref="NetworkGuard"/>. IPv6 forms that carry an IPv4 address inside
/// (IPv4-mapped <c>::ffff:a.b.c.d</c>, IPv4-translated <c>::ffff:0:a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c> and
/// <c>64:ff9b:1::/48</c>, 6to4 <c>2002::/16</c>, Teredo <c>2001::/32</c>) are judged by that address as well,
/// because a translator or tunnel on the way would deliver the connection there.
/// </summary>
public static class NetworkAddresses
{
    private static readonly IPAddress CloudMetadataV4 = IPAddress.Parse("169.254.169.254");
    private static readonly IPAddress CloudMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>Traits that no setting allows.</summary>
    public const AddressTraits AlwaysRefused =
        AddressTraits.LinkLocal | AddressTraits.Multicast | AddressTraits.Unspecified | AddressTraits.Reserved | AddressTraits.CloudMetadata;

    public static AddressTraits Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return ClassifyV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return AddressTraits.Reserved; // not IP at all
        return ClassifyV6(address);
    }

    /// <summary>The IPv4 addresses an IPv6 address carries (none for a plain IPv6 address).</summary>
    public static IReadOnlyList<IPAddress> EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return [];
        var b = address.GetAddressBytes();
        var found = new List<IPAddress>(2);
        if (IsZero(b, 0, 10) && b[10] == 0xFF && b[11] == 0xFF) found.Add(V4(b, 12)); // ::ffff:a.b.c.d mapped
        else if (IsZero(b, 0, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) found.Add(V4(b, 12)); // ::ffff:0:a.b.c.d translated
        else if (IsZero(b, 0, 12) && !IsZero(b, 12, 3)) found.Add(V4(b, 12)); // ::a.b.c.d compatible (deprecated), not :: or ::1
        else if (StartsWith(b, 0x00, 0x64, 0xFF, 0x9B) && IsZero(b, 4, 8)) found.Add(V4(b, 12)); // 64:ff9b::/96 NAT64
        else if (StartsWith(b, 0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01))
        {
            // 64:ff9b:1::/48 (RFC 8215, local use) is deployed as a /96 or as the /48 itself (RFC 6052 placement:
            // bits 48-63, the u-octet, bits 72-87). It is private anyway; both readings are checked, zeros skipped.
            foreach (var candidate in new[] { V4(b, 12), new IPAddress(new[] { b[6], b[7], b[9], b[10] }) })
                if (!candidate.Equals(IPAddress.Any)) found.Add(candidate);
        }
        else if (b[0] == 0x20 && b[1] == 0x02) found.Add(V4(b, 2)); // 2002:aabb:ccdd::/48 6to4
        else if (StartsWith(b, 0x20, 0x01, 0x00, 0x00))
        {
            found.Add(V4(b, 4)); // Teredo server
            found.Add(new IPAddress(new[] { (byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15] })); // client, obfuscated
        }
        return found;
    }

    private static AddressTraits ClassifyV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        var traits = AddressTraits.Public;
        if (address.Equals(CloudMetadataV6)) traits |= AddressTraits.CloudMetadata;
        if (IsZero(b, 0, 16)) traits |= AddressTraits.Unspecified;
        else if (IsZero(b, 0, 15) && b[15] == 1) traits |= AddressTraits.Loopback;
        else if (b[0] == 0xFF) traits |= AddressTraits.Multicast;
        else if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) traits |= AddressTraits.LinkLocal;
        else if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) traits |= AddressTraits.Private;   // fec0::/10 site-local
        else if ((b[0] & 0xFE) == 0xFC) traits |= AddressTraits.Private;                   // fc00::/7 unique local
        else if (StartsWith(b, 0x01, 0x00) && IsZero(b, 2, 6)) traits |= AddressTraits.Reserved; // 100::/64 discard
        else if (StartsWith(b, 0x20, 0x01, 0x0D, 0xB8)) traits |= AddressTraits.Reserved;   // 2001:db8::/32 documentation
        else if (IsZero(b, 0, 12)) traits |= AddressTraits.Reserved;                        // ::a.b.c.d compatible
        else if (StartsWith(b, 0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01)) traits |= AddressTraits.Private; // local-use NAT64

        foreach (var inner in EmbeddedIPv4(address))
            traits |= ClassifyV4(inner.GetAddressBytes());
        return traits;
    }

    private static AddressTraits ClassifyV4(byte[] b)
    {
        var traits = AddressTraits.Public;
        if (b[0] == 169 && b[1] == 254 && b[2] == 169 && b[3] == 254) traits |= AddressTraits.CloudMetadata;
        if (b[0] == 0) traits |= AddressTraits.Unspecified;                       // 0/8 "this network"
        else if (b[0] == 127) traits |= AddressTraits.Loopback;
        else if (b[0] == 10) traits |= AddressTraits.Private;
        else if (b[0] == 172 && (b[1] & 0xF0) == 16) traits |= AddressTraits.Private;
        else if (b[0] == 192 && b[1] == 168) traits |= AddressTraits.Private;
        else if (b[0] == 100 && (b[1] & 0xC0) == 64) traits |= AddressTraits.Private; // 100.64/10 carrier-grade NAT
        else if (b[0] == 198 && (b[1] & 0xFE) == 18) traits |= AddressTraits.Private; // 198.18/15 benchmarking
        else if (b[0] == 169 && b[1] == 254) traits |= AddressTraits.LinkLocal;
        else if (b[0] >= 224 && b[0] <= 239) traits |= AddressTraits.Multicast;
        else if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255) traits |= AddressTraits.Multicast; // broadcast
        else if (b[0] >= 240) traits |= AddressTraits.Reserved;
        else if (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2)) traits |= AddressTraits.Reserved;
        else if (b[0] == 192 && b[1] == 88 && b[2] == 99) traits |= AddressTraits.Reserved;
        else if (b[0] == 198 && b[1] == 51 && b[2] == 100) traits |= AddressTraits.Reserved;
        else if (b[0] == 203 && b[1] == 0 && b[2] == 113) traits |= AddressTraits.Reserved;
        return traits;
    }

    private static IPAddress V4(byte[] b, int offset) => new(b.AsSpan(offset, 4));

    private static bool IsZero(byte[] b, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++) if (b[i] != 0) return false;
        return true;
    }

    private static bool StartsWith(byte[] b, params ReadOnlySpan<byte> prefix) => b.AsSpan().StartsWith(prefix);
}
