using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages.Account;

/// <summary>Where an e-mailed link leads: the invited person chooses her password (accepting the invitation), or a
/// person who forgot hers chooses a new one. The link works once and expires; then she is signed in.</summary>
public sealed class SetPasswordModel(AccountTokens tokens, UserManager<WebUser> users, SignInManager<WebUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public AccountTokenPurpose Purpose { get; private set; }
    public string Email { get; private set; } = "";
    public string? Refusal { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(await tokens.CheckAsync(Token, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? password, string? repeat, CancellationToken ct)
    {
        var user = await LoadAsync(await tokens.CheckAsync(Token, ct));
        if (user is null) return Page();

        var errors = new List<string>();
        if (string.IsNullOrEmpty(password)) errors.Add(Labels.L("Skriv ett lösenord.", "Enter a password."));
        else if (password != repeat) errors.Add(Labels.L("Lösenorden är inte lika. Skriv samma lösenord i båda fälten.", "The passwords differ. Enter the same password in both fields."));
        else
            foreach (var validator in users.PasswordValidators)
                errors.AddRange(PasswordWords((await validator.ValidateAsync(users, user, password)).Errors));
        if (errors.Count > 0)
        {
            Errors = errors.Distinct().ToList();
            return Page();
        }

        // Used up before the password changes: of two submissions of one link, one wins.
        var used = await tokens.ConsumeAsync(Token, ct);
        if (!used.Valid)
        {
            await LoadAsync(used);
            return Page();
        }
        if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
        var set = await users.AddPasswordAsync(user, password!);
        if (!set.Succeeded)
        {
            Errors = PasswordWords(set.Errors).ToList();
            return Page();
        }
        user.EmailConfirmed = true;
        user.InvitationPending = false;
        user.Language = MailLanguage.OfCurrentPage;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        // Sessions signed in with the old password end.
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(user.Id, user.Email ?? "", null,
            Purpose == AccountTokenPurpose.Invitation ? "user.invitation.accept" : "user.password.reset", user.Email ?? "", null, ct);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/publicera");
    }

    private async Task<WebUser?> LoadAsync(TokenCheck check)
    {
        if (!check.Valid)
        {
            Refusal = check.Refusal switch
            {
                TokenRefusal.Used => Labels.L("Länken har redan använts. Varje länk fungerar en gång. Logga in med ditt lösenord, eller be om en ny länk.",
                    "The link has already been used. Each link works once. Sign in with your password, or ask for a new link."),
                TokenRefusal.Expired => Labels.L("Länken har gått ut. Be om en ny länk, eller be din organisations administratör att bjuda in dig igen.",
                    "The link has expired. Ask for a new link, or ask your organisation's administrator to invite you again."),
                _ => Labels.L("Länken är inte giltig. Kontrollera att hela länken kom med från brevet.", "The link is not valid. Check that the whole link was copied from the e-mail."),
            };
            return null;
        }
        var user = await users.FindByIdAsync(check.Token!.UserId.ToString());
        if (user is null)
        {
            Refusal = Labels.L("Kontot finns inte längre.", "The account no longer exists.");
            return null;
        }
        Purpose = check.Token.Purpose;
        Email = user.Email ?? "";
        return user;
    }

    /// <summary>Identity's password rules in the page's language.</summary>
    private static IEnumerable<string> PasswordWords(IEnumerable<IdentityError> errors) => errors.Select(e => e.Code switch
    {
        "PasswordTooShort" => Labels.L("Lösenordet behöver minst 10 tecken.", "The password needs at least 10 characters."),
        "PasswordRequiresDigit" => Labels.L("Lösenordet behöver minst en siffra.", "The password needs at least one digit."),
        "PasswordRequiresUpper" => Labels.L("Lösenordet behöver minst en stor bokstav.", "The password needs at least one capital letter."),
        "PasswordRequiresLower" => Labels.L("Lösenordet behöver minst en liten bokstav.", "The password needs at least one small letter."),
        "PasswordRequiresUniqueChars" => Labels.L("Lösenordet behöver fler olika tecken.", "The password needs more different characters."),
        _ => e.Description,
    });
}
