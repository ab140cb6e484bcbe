using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Accounts.External;

namespace SmartMiljo.OpenData.Web.Pages.Account;

/// <summary>Where the OpenID Connect handler sends the browser after a provider vouched for the user:
/// signs in the matching local account (see <see cref="ExternalAccounts"/>) and forgets the external cookie.</summary>
public sealed class ExternalCallbackModel(SignInManager<WebUser> signIn, ExternalAccounts accounts) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        var login = await signIn.GetExternalLoginInfoAsync();
        if (login is null) return Refused(ExternalSignInRefusal.NoExternalLogin, null);
        var refusal = await accounts.SignInAsync(login, ct);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (refusal is { } reason) return Refused(reason, login.LoginProvider);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/publicera");
    }

    private RedirectResult Refused(ExternalSignInRefusal reason, string? scheme) =>
        Redirect($"{ExternalSignInComposition.FailurePath}?reason={reason}" +
                 (scheme is null ? "" : $"&provider={Uri.EscapeDataString(scheme.StartsWith("oidc-", StringComparison.Ordinal) ? scheme[5..] : scheme)}"));
}
