using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Accounts.External;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Account;

public sealed class LoginModel(SignInManager<WebUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty, EmailAddress] public string Email { get; set; } = "";
    [BindProperty, DataType(DataType.Password)] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    /// <summary>The configured OpenID Connect providers, one button each; none when not configured.</summary>
    public IReadOnlyList<AuthenticationScheme> ExternalProviders { get; private set; } = [];

    public async Task OnGetAsync() => ExternalProviders = (await signIn.GetExternalAuthenticationSchemesAsync()).ToList();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await signIn.UserManager.FindByNameAsync(Email.Trim());
            await audit.RecordAsync(user?.Id, Email.Trim(), null, "user.signin", "password", null, ct);
            return LocalRedirect(SafeReturnUrl);
        }
        // One answer for a wrong password, an unknown address and a locked account, so the page never tells
        // whether an account exists.
        Error = Labels.L("Inloggningen misslyckades. Kontrollera e-postadress och lösenord. Efter flera misslyckade försök spärras inloggningen en stund.",
            "Sign-in failed. Check the e-mail address and password. After several failed attempts, sign-in is blocked for a while.");
        ExternalProviders = (await signIn.GetExternalAuthenticationSchemesAsync()).ToList();
        return Page();
    }

    /// <summary>Sends the browser to the chosen provider (authorization code flow with PKCE).</summary>
    public async Task<IActionResult> OnPostExternalAsync(string? provider)
    {
        var schemes = await signIn.GetExternalAuthenticationSchemesAsync();
        if (provider is null || !schemes.Any(s => s.Name == provider))
            return Redirect($"{ExternalSignInComposition.FailurePath}?reason={ExternalSignInRefusal.NoExternalLogin}");
        var callback = Url.Page("/Account/ExternalCallback", new { returnUrl = SafeReturnUrl });
        return Challenge(signIn.ConfigureExternalAuthenticationProperties(provider, callback), provider);
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/publicera";
}
