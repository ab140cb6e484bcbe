using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static SmartMiljo.OpenData.Web.Catalogue.Labels;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>The page people see instead of an empty answer or problem details (see <see cref="ErrorPages"/>):
/// what happened in plain words and where to go on. Shown for the status the request really had.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string? TraceId { get; private set; }

    public IActionResult OnGet(int code) => Show(code);

    // A form posted to a missing address is re-executed with its own method.
    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        // Re-executed, the request lost its query string; a language asked for there (?lang=en-GB) still counts.
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalQueryString is { Length: > 0 } query
            && QueryHelpers.ParseQuery(query).TryGetValue("lang", out var lang) && lang.ToString() is { Length: >= 2 } asked)
        {
            var culture = new System.Globalization.CultureInfo(asked.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-GB" : "sv-SE");
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
        // Asked for directly, the page answers with the status it describes; re-executed, it keeps the original.
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null) Response.StatusCode = Code;
        if (Code >= 500) TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        (Title, Text) = Code switch
        {
            404 => (L("Sidan finns inte", "Page not found"),
                L("Vi hittar ingen sida på den här adressen. Den kan ha flyttats, eller så är adressen felskriven.",
                    "There is no page at this address. It may have moved, or the address may be mistyped.")),
            410 => (L("Sidan har tagits bort", "The page has been removed"),
                L("Det som fanns här har avpublicerats och finns inte längre. Organisationens övriga data finns kvar.",
                    "What was here has been withdrawn and is no longer available. The organisation's other data is still here.")),
            403 => (L("Åtkomst nekad", "Access denied"),
                L("Du har inte behörighet till sidan. Be en administratör om behörighet för organisationen.",
                    "You may not open this page. Ask an administrator for access to the organisation.")),
            401 => (L("Logga in först", "Sign in first"),
                L("Sidan kräver att du är inloggad.", "The page needs you to be signed in.")),
            >= 500 => (L("Något gick fel hos oss", "Something went wrong on our side"),
                L("Sidan kunde inte visas på grund av ett fel i tjänsten. Felet är loggat; försök igen om en stund.",
                    "The page could not be shown because of a fault in the service. The fault is logged; try again in a while.")),
            _ => (L("Begäran kunde inte behandlas", "The request could not be handled"),
                L("Det som skickades kunde inte tas emot. Gå tillbaka och försök igen.",
                    "What was sent could not be accepted. Go back and try again.")),
        };
        return Page();
    }
}
