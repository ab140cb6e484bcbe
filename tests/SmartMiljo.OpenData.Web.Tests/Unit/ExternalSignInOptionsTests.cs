using Microsoft.Extensions.Configuration;
using SmartMiljo.OpenData.Web.Accounts.External;

namespace SmartMiljo.OpenData.Web.Tests.Unit;

/// <summary>A provider configured wrongly stops the start with a message naming the setting.</summary>
public sealed class ExternalSignInOptionsTests
{
    private const string Section = "Authentication:OpenIdConnect:Providers:kommun";

    [Fact]
    public void A_complete_provider_binds_with_its_mappings()
    {
        var options = Bind(new()
        {
            [$"{Section}:Authority"] = "https://login.kommun.se/realms/staff",
            [$"{Section}:ClientId"] = "smartmiljo",
            [$"{Section}:RoleClaim"] = "groups",
            [$"{Section}:RoleMappings:0:ClaimValue"] = "opendata",
            [$"{Section}:RoleMappings:0:Organisation"] = "kommun",
            [$"{Section}:RoleMappings:0:Role"] = "Publisher",
        });
        options.Validate();
        Assert.Equal(["openid", "email", "groups"], Bind(new()
        {
            [$"{Section}:Scopes:0"] = "openid", [$"{Section}:Scopes:1"] = "email", [$"{Section}:Scopes:2"] = "groups",
        }).Providers["kommun"].EffectiveScopes);
        var provider = Assert.Single(options.Providers).Value;
        Assert.Equal(["openid", "profile", "email"], provider.EffectiveScopes);
        Assert.Equal(("opendata", "kommun", Accounts.OrganisationRole.Publisher),
            (provider.RoleMappings[0].ClaimValue, provider.RoleMappings[0].Organisation, provider.RoleMappings[0].Role));
        Assert.Equal("oidc-kommun", ExternalSignInOptions.SchemeFor("Kommun"));
    }

    [Theory]
    [InlineData("Authority", "", "Authority")]
    [InlineData("Authority", "login.kommun.se", "Authority")]
    [InlineData("Authority", "http://login.kommun.se", "RequireHttpsMetadata")]
    [InlineData("ClientId", "", "ClientId")]
    [InlineData("RoleClaim", "", "RoleClaim")]
    public void A_missing_or_unsafe_setting_is_named(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{Section}:Authority"] = "https://login.kommun.se",
            [$"{Section}:ClientId"] = "smartmiljo",
            [$"{Section}:RoleClaim"] = "groups",
            [$"{Section}:RoleMappings:0:ClaimValue"] = "opendata",
            [$"{Section}:RoleMappings:0:Organisation"] = "kommun",
        };
        settings[$"{Section}:{key}"] = value;
        var error = Assert.Throws<InvalidOperationException>(() => Bind(settings).Validate());
        Assert.Contains($"{Section}:{named}", error.Message);
    }

    [Fact]
    public void A_provider_name_that_cannot_be_a_path_segment_is_refused()
    {
        var options = Bind(new()
        {
            ["Authentication:OpenIdConnect:Providers:min kommun:Authority"] = "https://login.kommun.se",
            ["Authentication:OpenIdConnect:Providers:min kommun:ClientId"] = "smartmiljo",
        });
        Assert.Contains("provider names", Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }

    private static ExternalSignInOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(ExternalSignInOptions.SectionName).Get<ExternalSignInOptions>()!;
}
