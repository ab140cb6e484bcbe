using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>The address classifier behind the one network guard, and the guard on real connections to 127.0.0.1.</summary>
public sealed class NetworkGuardTests : IAsyncLifetime
{
    private LocalHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const AddressTraits P = AddressTraits.Public, L = AddressTraits.Loopback, V = AddressTraits.Private,
        K = AddressTraits.LinkLocal, M = AddressTraits.Multicast, U = AddressTraits.Unspecified, R = AddressTraits.Reserved,
        C = AddressTraits.CloudMetadata;

    [Theory]
    // IPv4
    [InlineData("93.184.216.34", P)]
    [InlineData("8.8.8.8", P)]
    [InlineData("0.0.0.0", U)]
    [InlineData("0.1.2.3", U)]
    [InlineData("127.0.0.1", L)]
    [InlineData("127.255.255.254", L)]
    [InlineData("10.0.0.1", V)]
    [InlineData("172.16.0.1", V)]
    [InlineData("172.31.255.255", V)]
    [InlineData("172.32.0.1", P)]
    [InlineData("172.15.255.255", P)]
    [InlineData("192.168.1.1", V)]
    [InlineData("100.64.0.1", V)]
    [InlineData("100.127.255.255", V)]
    [InlineData("100.128.0.1", P)]
    [InlineData("100.63.255.255", P)]
    [InlineData("198.18.0.1", V)]
    [InlineData("198.19.255.255", V)]
    [InlineData("169.254.0.1", K)]
    [InlineData("169.254.169.254", K | C)]
    [InlineData("224.0.0.1", M)]
    [InlineData("239.255.255.250", M)]
    [InlineData("255.255.255.255", M)]
    [InlineData("240.0.0.1", R)]
    [InlineData("192.0.0.8", R)]
    [InlineData("192.0.2.1", R)]
    [InlineData("198.51.100.7", R)]
    [InlineData("203.0.113.9", R)]
    [InlineData("192.88.99.1", R)]
    // IPv6
    [InlineData("2a00:1450:4001::1", P)]
    [InlineData("::", U)]
    [InlineData("::1", L)]
    [InlineData("fe80::1", K)]
    [InlineData("febf::1", K)]
    [InlineData("fec0::1", V)]
    [InlineData("fc00::1", V)]
    [InlineData("fd12:3456::1", V)]
    [InlineData("fd00:ec2::254", V | C)]
    [InlineData("ff02::1", M)]
    [InlineData("100::1", R)]
    [InlineData("2001:db8::1", R)]
    // IPv4 inside IPv6: judged by the IPv4 address too
    [InlineData("::ffff:127.0.0.1", L)]
    [InlineData("::ffff:10.1.2.3", V)]
    [InlineData("::ffff:169.254.169.254", K | C)]
    [InlineData("::ffff:8.8.8.8", P)]
    [InlineData("::ffff:0:127.0.0.1", L)]
    [InlineData("::127.0.0.1", R | L)]
    [InlineData("::8.8.8.8", R)]
    [InlineData("64:ff9b::127.0.0.1", L)]
    [InlineData("64:ff9b::a9fe:a9fe", K | C)]
    [InlineData("64:ff9b::10.0.0.1", V)]
    [InlineData("64:ff9b::8.8.8.8", P)]
    [InlineData("64:ff9b:1::127.0.0.1", V | L)]
    [InlineData("64:ff9b:1:7f00:0:100::", V | L)] // 127.0.0.1 placed for a /48 prefix
    [InlineData("64:ff9b:1::8.8.8.8", V)]
    [InlineData("2002:7f00:1::1", L)]
    [InlineData("2002:a9fe:a9fe::1", K | C)]
    [InlineData("2002:c0a8:0101::1", V)]
    [InlineData("2002:0808:0808::1", P)]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", L)] // Teredo, client 127.0.0.1 obfuscated
    [InlineData("2001:0:a9fe:a9fe::ffff:ffff", K | C | U)] // Teredo server 169.254.169.254, client 0.0.0.0
    public void Classifies_every_kind_of_address(string address, AddressTraits expected) =>
        Assert.Equal(expected, NetworkAddresses.Classify(IPAddress.Parse(address)));

    [Fact]
    public void Embedded_IPv4_is_read_from_mapped_NAT64_6to4_and_Teredo_forms()
    {
        Assert.Equal(["127.0.0.1"], NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("::ffff:127.0.0.1")).Select(a => a.ToString()));
        Assert.Equal(["169.254.169.254"], NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("64:ff9b::a9fe:a9fe")).Select(a => a.ToString()));
        Assert.Equal(["192.168.1.1"], NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("2002:c0a8:101::")).Select(a => a.ToString()));
        Assert.Equal(["65.54.227.120", "127.0.0.1"], NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("2001:0:4136:e378:8000:63bf:80ff:fffe")).Select(a => a.ToString()));
        Assert.Empty(NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("2a00:1450:4001::1")));
        Assert.Empty(NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("::1")));
        Assert.Empty(NetworkAddresses.EmbeddedIPv4(IPAddress.Parse("8.8.8.8")));
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1", false, false, "loopback")]
    [InlineData("::ffff:127.0.0.1", false, true, null)]
    [InlineData("64:ff9b::7f00:1", false, false, "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", true, true, "cloud metadata")]
    [InlineData("::ffff:169.254.169.254", true, true, "cloud metadata")]
    [InlineData("fd00:ec2::254", true, true, "cloud metadata")]
    [InlineData("2002:0a00:0001::1", false, false, "private")]
    [InlineData("2002:0a00:0001::1", true, false, null)]
    [InlineData("100.64.1.1", false, false, "private")]
    [InlineData("fec0::1", false, false, "private")]
    [InlineData("203.0.113.9", true, true, "reserved")]
    [InlineData("ff02::1", true, true, "not a unicast")]
    [InlineData("::", true, true, "not a unicast")]
    [InlineData("64:ff9b::8.8.8.8", false, false, null)]
    public void The_settings_open_loopback_and_private_networks_only(string address, bool allowPrivate, bool allowLoopback, string? refusal)
    {
        var guard = new NetworkGuard(Options.Create(new HarvestOptions { AllowPrivateNetworks = allowPrivate, AllowLoopback = allowLoopback }));
        var why = guard.Check(IPAddress.Parse(address));
        if (refusal is null) Assert.Null(why);
        else Assert.Contains(refusal, why);
    }

    private static OutboundHttp Outbound(HarvestOptions options)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(options));
        OutboundHttp.Register(services);
        return services.BuildServiceProvider().GetRequiredService<OutboundHttp>();
    }

    [Fact]
    public async Task Loopback_is_refused_by_default_before_any_request_is_sent()
    {
        _server.MapFile("/data.csv", Encoding.UTF8.GetBytes("a\n1\n"), "text/csv");
        var http = Outbound(new HarvestOptions());
        foreach (var url in new[] { _server.Url("/data.csv").ToString(), _server.Url("/data.csv").ToString().Replace("127.0.0.1", "localhost"),
                     _server.Url("/data.csv").ToString().Replace("127.0.0.1", "[::ffff:127.0.0.1]") })
        {
            var ex = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => http.SendAsync(new Uri(url), default));
            Assert.Contains("loopback", ex.Message);
        }
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Loopback_is_reached_when_configured()
    {
        _server.MapFile("/data.csv", Encoding.UTF8.GetBytes("a\n1\n"), "text/csv");
        using var response = await Outbound(new HarvestOptions { AllowLoopback = true }).SendAsync(_server.Url("/data.csv"), default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a\n1\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_redirect_to_IPv6_loopback_is_refused_on_its_own_hop()
    {
        // The first hop is allowed; the server then closes loopback and points at [::1]: the new connection is checked.
        var options = new HarvestOptions { AllowLoopback = true };
        _server.Map("/hop", context =>
        {
            options.AllowLoopback = false;
            context.Response.Redirect($"http://[::1]:{_server.BaseAddress.Port}/data.csv");
            return Task.CompletedTask;
        });
        var ex = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() => Outbound(options).SendAsync(_server.Url("/hop"), default));
        Assert.Contains("::1", ex.Message);
        Assert.Contains("loopback", ex.Message);
        Assert.Equal(["/hop"], _server.Requests);
    }

    [Theory]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[2002:a9fe:a9fe::1]/", "cloud metadata")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://0.0.0.0/", "not a unicast")]
    [InlineData("file:///etc/passwd", "'file'")]
    [InlineData("gopher://127.0.0.1/", "'gopher'")]
    public async Task Redirects_to_mapped_forms_of_forbidden_addresses_and_other_schemes_are_refused(string target, string reason)
    {
        _server.Map("/hop", context => { context.Response.Redirect(target); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() =>
            Outbound(new HarvestOptions { AllowLoopback = true, AllowPrivateNetworks = true }).SendAsync(_server.Url("/hop"), default));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public async Task Redirects_are_bounded()
    {
        _server.Map("/loop", context => { context.Response.Redirect("/loop"); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<OutboundRequestRefusedException>(() =>
            Outbound(new HarvestOptions { AllowLoopback = true, MaxRedirects = 3 }).SendAsync(_server.Url("/loop"), default));
        Assert.Contains("more than 3 times", ex.Message);
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task MQA_link_checks_go_through_the_guard()
    {
        _server.MapStatus("/page", 200);
        _server.Map("/to-metadata", context => { context.Response.Redirect("http://169.254.169.254/"); return Task.CompletedTask; });
        var closed = new SmartMiljo.OpenData.Api.Dcat.GuardedUrlProbe(Outbound(new HarvestOptions()), TimeSpan.FromSeconds(10));
        Assert.Null(await closed.GetStatusAsync(_server.Url("/page").ToString(), default));
        Assert.Empty(_server.Requests);

        var open = new SmartMiljo.OpenData.Api.Dcat.GuardedUrlProbe(Outbound(new HarvestOptions { AllowLoopback = true }), TimeSpan.FromSeconds(10));
        Assert.Equal(200, await open.GetStatusAsync(_server.Url("/page").ToString(), default));
        Assert.Null(await open.GetStatusAsync(_server.Url("/to-metadata").ToString(), default));
    }
}
