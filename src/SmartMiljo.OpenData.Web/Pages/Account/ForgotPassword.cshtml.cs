using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Core.Mail;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Pages.Account;

/// <summary>Asks for a password-reset link. The answer is the same whether or not the address has an account,
/// so the page never tells who has one.</summary>
public sealed class ForgotPasswordModel(PasswordResetQueue resets, MailLinks links, IMailSender mail) : PageModel
{
    public bool Sent { get; private set; }
    public bool MailConfigured => mail.IsConfigured;

    public void OnGet() { }

    public IActionResult OnPost(string? email)
    {
        // Queued, never awaited: the answer takes as long whether or not the address has an account.
        if (mail.IsConfigured && !string.IsNullOrWhiteSpace(email) && email.Length <= 254)
            resets.Queue(new PasswordResetRequest(email, MailLanguage.OfCurrentPage, links.BaseUrl));
        Sent = true;
        return Page();
    }
}
