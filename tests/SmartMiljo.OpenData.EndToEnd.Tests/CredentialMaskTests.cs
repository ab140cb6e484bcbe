using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Credentials;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

/// <summary>The masking of secrets in addresses and the path resolution the location rule relies on.</summary>
public sealed class CredentialMaskTests
{
    [Theory]
    [InlineData("https://user:pass@host.se/data.csv?apikey=abc&page=2", "https://user:***@host.se/data.csv?apikey=***&page=2")]
    [InlineData("https://host.se/FeatureServer/0/query?where=1%3D1&token=T0KEN", "https://host.se/FeatureServer/0/query?where=1%3D1&token=***")]
    [InlineData("https://acct.blob.core.windows.net/c/x.csv?sv=2022&sig=abc%2Fdef", "https://acct.blob.core.windows.net/c/x.csv?sv=2022&sig=***")]
    [InlineData("https://APIKEY123@host.se/x.csv", "https://***@host.se/x.csv")]
    [InlineData("Fetching https://u:p@h.se/x?access_token=1 failed: 404", "Fetching https://u:***@h.se/x?access_token=*** failed: 404")]
    [InlineData("https://host.se/x.csv?keyword=bad&lang=sv", "https://host.se/x.csv?keyword=bad&lang=sv")]
    [InlineData("/var/lib/smartmiljo/drop/organisations/a", "/var/lib/smartmiljo/drop/organisations/a")]
    public void Secrets_in_addresses_are_masked_and_nothing_else(string text, string expected)
    {
        Assert.Equal(expected, CredentialMask.Mask(text));
        Assert.Equal(expected != text, CredentialMask.HasSecrets(text));
    }

    [Fact]
    public void A_report_is_masked_in_every_string_even_where_json_escapes_the_ampersand()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { facts = new { source = "https://h.se/x?a=1&apikey=SECRET" } });
        Assert.Contains("\\u0026", json);
        Assert.DoesNotContain("SECRET", CredentialMask.MaskJson(json).ToString());
    }

    [Fact]
    public void The_real_path_resolves_dot_dot_and_symbolic_links_on_the_way()
    {
        using var folder = new TemporaryDirectory();
        var own = Directory.CreateDirectory(Path.Combine(folder.Path, "a")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(folder.Path, "b")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(own, "link"), other);
        var real = LocalPaths.RealPath(other);
        Assert.Equal(real, LocalPaths.RealPath(Path.Combine(own, "..", "b")));
        Assert.Equal(Path.Combine(real, "x.csv"), LocalPaths.RealPath(Path.Combine(own, "link", "x.csv")));
        Assert.False(LocalPaths.IsInside(LocalPaths.RealPath(Path.Combine(own, "link", "x.csv")), LocalPaths.RealPath(own)));
        Assert.False(LocalPaths.IsInside(LocalPaths.RealPath(own) + "-other", LocalPaths.RealPath(own)));
        Assert.True(LocalPaths.IsLocal("file:///etc/passwd"));
        Assert.False(LocalPaths.IsLocal("https://host.se/x.csv"));
    }
}
