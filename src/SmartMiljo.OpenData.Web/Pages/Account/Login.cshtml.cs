using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Account;

public sealed class LoginModel(SignInManager<WebUser> signIn) : PageModel
{
    [BindProperty, EmailAddress] public string Email { get; set; } = "";
    [BindProperty, DataType(DataType.Password)] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/publicera");
        Error = result.IsLockedOut
            ? Labels.L("Kontot är tillfälligt låst efter för många försök. Försök igen om en stund.", "The account is locked for a while after too many attempts. Try again later.")
            : Labels.L("Fel e-postadress eller lösenord.", "Wrong e-mail address or password.");
        return Page();
    }
}
