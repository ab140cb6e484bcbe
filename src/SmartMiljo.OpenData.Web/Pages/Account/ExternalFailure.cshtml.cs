using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Accounts.External;
using static SmartMiljo.OpenData.Web.Catalogue.Labels;

namespace SmartMiljo.OpenData.Web.Pages.Account;

/// <summary>Says why an external sign-in was refused, in words chosen here (the query only picks one),
/// so nothing from the provider's answer is echoed to the page. Details are in the server log.</summary>
public sealed class ExternalFailureModel(ExternalSignInOptions options) : PageModel
{
    public string Message { get; private set; } = "";

    public void OnGet(string? provider, string? reason)
    {
        Response.StatusCode = 403;
        var name = provider is not null && options.Providers.TryGetValue(provider, out var p)
            ? p.DisplayName is { Length: > 0 } label ? label : provider
            : L("identitetsleverantören", "the identity provider");
        Message = (Enum.TryParse<ExternalSignInRefusal>(reason, out var r) ? r : ExternalSignInRefusal.ProviderResponse) switch
        {
            ExternalSignInRefusal.NoExternalLogin => L(
                "Inloggningen har gått ut eller startades inte här. Börja om från inloggningssidan.",
                "The sign-in expired or was not started here. Start again from the sign-in page."),
            ExternalSignInRefusal.NoEmail => L(
                $"{name} skickade ingen e-postadress, och utan den kan inget konto kopplas. Be din IT-avdelning om e-post i inloggningen.",
                $"{name} sent no e-mail address, and without one no account can be linked. Ask your IT department to include it."),
            ExternalSignInRefusal.EmailNotVerified => L(
                $"Det finns redan ett konto med din e-postadress, men {name} intygar inte att adressen är din. Be en administratör koppla kontot.",
                $"An account with your e-mail address exists, but {name} does not vouch that the address is yours. Ask an administrator to link the account."),
            ExternalSignInRefusal.LinkNotAllowed => L(
                $"Det finns redan ett konto med din e-postadress, och det kopplas inte automatiskt till {name}. Be en administratör om hjälp.",
                $"An account with your e-mail address exists, and it is not linked to {name} automatically. Ask an administrator for help."),
            ExternalSignInRefusal.LockedOut => L(
                "Kontot är spärrat. Kontakta en administratör.",
                "The account is locked. Contact an administrator."),
            ExternalSignInRefusal.AccountNotCreated => L(
                "Ett konto kunde inte skapas för dig. Kontakta en administratör.",
                "An account could not be created for you. Contact an administrator."),
            _ => L(
                $"Svaret från {name} kunde inte godkännas (till exempel en ogiltig signatur eller fel utfärdare), eller så avbröts inloggningen. Du är inte inloggad.",
                $"The answer from {name} could not be accepted (for example an invalid signature or the wrong issuer), or the sign-in was cancelled. You are not signed in."),
        };
    }
}
