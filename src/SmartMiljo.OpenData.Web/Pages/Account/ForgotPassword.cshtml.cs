using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Core.Mail;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Pages.Account;

/// <summary>Asks for a password-reset link. The answer is the same whether or not the address has an account,
/// so the page never tells who has one.</summary>
public sealed class ForgotPasswordModel(AccountMails mails, IMailSender mail) : PageModel
{
    public bool Sent { get; private set; }
    public bool MailConfigured => mail.IsConfigured;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? email, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(email) && email.Length <= 254)
            await mails.SendPasswordResetAsync(email, MailLanguage.OfCurrentPage, ct);
        Sent = true;
        return Page();
    }
}
