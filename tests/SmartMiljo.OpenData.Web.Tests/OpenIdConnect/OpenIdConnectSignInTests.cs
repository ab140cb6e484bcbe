using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Tests.OpenIdConnect;

/// <summary>
/// Staff of a municipality with its own identity provider sign in through it, in a real browser, against
/// a real (test) provider: accounts are created or linked, rights come from this instance and the
/// configured claim mappings, and answers that cannot be trusted are refused with a page that says so.
/// </summary>
public sealed class OpenIdConnectSignInTests(OpenIdConnectPlatform platform) : IClassFixture<OpenIdConnectPlatform>
{
    [Fact]
    public async Task A_new_user_gets_an_account_with_the_mapped_role_and_comes_back_to_the_same_account()
    {
        var anna = new ProviderUser("sub-anna-1", "anna@testkommun.se", EmailVerified: true, "Anna Andersson", [OpenIdConnectPlatform.PublisherGroup]);
        var exchangesBefore = platform.Provider.VerifiedCodeExchanges;

        var page = await platform.SignInThroughProviderAsync(anna);
        Assert.EndsWith("/publicera", page.Url);
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).CountAsync());
        Assert.Contains("anna@testkommun.se", await page.Locator("header.site").InnerTextAsync());
        // Publisher rights in the mapped organisation, from the groups claim.
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).CountAsync());
        // The code was exchanged with a matching PKCE verifier (the provider refuses it otherwise).
        Assert.Equal("S256", platform.Provider.ChallengeMethods.Last());
        Assert.Equal(exchangesBefore + 1, platform.Provider.VerifiedCodeExchanges);

        var (user, logins, memberships) = await AccountAsync("anna@testkommun.se");
        Assert.Equal("Anna Andersson", user.DisplayName);
        Assert.Equal([(OpenIdConnectPlatform.Scheme, "sub-anna-1")], logins);
        Assert.Equal([(platform.OrganisationId, OrganisationRole.Publisher, OpenIdConnectPlatform.Scheme)], memberships);
        Assert.Contains("created", await LastSignInAuditAsync(user.Id));

        // Next time the provider no longer lists the group: same account, the claim's role is gone.
        var again = await platform.SignInThroughProviderAsync(anna with { Groups = [] });
        Assert.EndsWith("/publicera", again.Url);
        Assert.Equal(0, await again.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).CountAsync());
        var (sameUser, sameLogins, membershipsNow) = await AccountAsync("anna@testkommun.se");
        Assert.Equal(user.Id, sameUser.Id);
        Assert.Single(sameLogins);
        Assert.Empty(membershipsNow);
        Assert.Contains("known", await LastSignInAuditAsync(user.Id));
    }

    [Fact]
    public async Task An_existing_account_is_linked_only_when_the_provider_vouches_for_the_address()
    {
        var berit = new ProviderUser("sub-berit-7", OpenIdConnectPlatform.ExistingEmail, EmailVerified: false, "Berit B", ["opendata-lasare"]);

        var refused = await platform.SignInThroughProviderAsync(berit);
        Assert.Contains("/konto/extern-fel", refused.Url);
        Assert.Contains("intygar inte att adressen är din", await refused.Locator("#external-error").InnerTextAsync());
        Assert.Equal(0, await refused.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).CountAsync());
        Assert.Empty((await AccountAsync(OpenIdConnectPlatform.ExistingEmail)).Logins);

        var page = await platform.SignInThroughProviderAsync(berit with { EmailVerified = true });
        Assert.EndsWith("/publicera", page.Url);
        Assert.Contains(OpenIdConnectPlatform.ExistingEmail, await page.Locator("header.site").InnerTextAsync());
        var (user, logins, memberships) = await AccountAsync(OpenIdConnectPlatform.ExistingEmail);
        Assert.Equal("Berit Bengtsson", user.DisplayName);
        Assert.Equal([(OpenIdConnectPlatform.Scheme, "sub-berit-7")], logins);
        // The administrator's grant stays the administrator's: the claim does not take it over.
        Assert.Equal([(platform.OrganisationId, OrganisationRole.Viewer, (string?)null)], memberships);
        Assert.Contains("linked", await LastSignInAuditAsync(user.Id));
        Assert.Equal(1, await platform.QueryAsync(db => db.Users.CountAsync(u => u.Email == OpenIdConnectPlatform.ExistingEmail)));
    }

    [Theory]
    [InlineData(OpenIdConnectPlatform.OtherDomainEmail)]
    [InlineData(OpenIdConnectPlatform.AdministratorEmail)]
    public async Task A_provider_is_not_linked_to_another_domains_account_or_an_administrators(string email)
    {
        var page = await platform.SignInThroughProviderAsync(new ProviderUser("sub-" + email, email, EmailVerified: true, "Någon", []));
        Assert.Contains("/konto/extern-fel", page.Url);
        Assert.Contains("kopplas inte automatiskt", await page.Locator("#external-error").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).CountAsync());
        Assert.Empty((await AccountAsync(email)).Logins);
    }

    [Fact]
    public async Task Someone_the_mappings_do_not_know_signs_in_without_any_rights()
    {
        var page = await platform.SignInThroughProviderAsync(
            new ProviderUser("sub-okand-3", "okand@annanstans.se", EmailVerified: true, "Okänd Person", ["kommunens-alla-anstallda"]));
        Assert.EndsWith("/publicera", page.Url);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).CountAsync());
        var (_, _, memberships) = await AccountAsync("okand@annanstans.se");
        Assert.Empty(memberships);
        var newDataset = await page.GotoAsync("/admin/anvandare");
        Assert.Equal(403, newDataset!.Status);
    }

    [Theory]
    [InlineData(ProviderFault.SignsWithAnUnknownKey, "sub-forfalskad")]
    [InlineData(ProviderFault.NamesAnotherIssuer, "sub-fel-utfardare")]
    public async Task An_answer_that_cannot_be_trusted_is_refused_with_a_page_that_says_so(ProviderFault fault, string subject)
    {
        var email = subject + "@testkommun.se";
        var responses = new List<int>();
        var page = await platform.NewPageAsync();
        page.Response += (_, r) => { lock (responses) responses.Add(r.Status); };
        platform.Provider.NextUser = new ProviderUser(subject, email, true, "Mallory", [OpenIdConnectPlatform.PublisherGroup]);
        platform.Provider.Fault = fault;
        try
        {
            await page.GotoAsync("/konto/logga-in");
            Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
            await page.GetByRole(AriaRole.Button, new() { Name = $"Logga in med {OpenIdConnectPlatform.ProviderDisplayName}" }).ClickAsync();
            await page.WaitForPageAsync("**/konto/extern-fel**");
        }
        finally { platform.Provider.Fault = ProviderFault.None; }

        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(page));
        Assert.Contains("kunde inte godkännas", await page.Locator("#external-error").InnerTextAsync());
        Assert.Contains(OpenIdConnectPlatform.ProviderDisplayName, await page.Locator("#external-error").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).CountAsync());
        lock (responses) Assert.DoesNotContain(responses, s => s >= 500);
        Assert.Equal(0, await platform.QueryAsync(db => db.Users.CountAsync(u => u.Email == email)));
        // Still not signed in: the publishing pages send the browser to the sign-in page.
        await page.GotoAsync("/publicera");
        Assert.Contains("/konto/logga-in", page.Url);
    }

    private async Task<(WebUser User, List<(string Provider, string Key)> Logins, List<(Guid Organisation, OrganisationRole Role, string? Source)> Memberships)>
        AccountAsync(string email) => await platform.QueryAsync(async db =>
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        var logins = (await db.UserLogins.AsNoTracking().Where(l => l.UserId == user.Id).ToListAsync())
            .Select(l => (l.LoginProvider, l.ProviderKey)).ToList();
        var memberships = (await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id).ToListAsync())
            .Select(m => (m.OrganisationId, m.Role, m.Source)).ToList();
        return (user, logins, memberships);
    });

    private Task<string> LastSignInAuditAsync(Guid userId) => platform.QueryAsync(async db =>
        (await db.Audit.AsNoTracking().Where(a => a.UserId == userId && a.Action == "user.signin.external").OrderByDescending(a => a.At).FirstAsync()).Details ?? "");
}

/// <summary>Without configured providers the sign-in page offers e-mail and password only.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class SignInWithoutProvidersTests(WebPlatform platform)
{
    [Fact]
    public async Task The_sign_in_page_shows_no_provider_buttons()
    {
        var page = await platform.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        Assert.Equal(0, await page.Locator("form.external-login").CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).CountAsync());

        // Asking for a provider that is not configured gets the failure page, not an error.
        var token = await page.Locator("form input[name=__RequestVerificationToken]").First.InputValueAsync();
        var post = await page.APIRequest.PostAsync("/konto/logga-in?handler=External",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("provider", "oidc-okand"), MaxRedirects = 0 });
        Assert.Equal(302, post.Status);
        Assert.Contains("/konto/extern-fel", post.Headers["location"]);
    }
}
