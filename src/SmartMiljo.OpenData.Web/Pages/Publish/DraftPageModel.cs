using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>A wizard step: loads the draft and refuses anyone who may not publish for its organisation.</summary>
public abstract class DraftPageModel(WebDbContext web, OrganisationAccess access) : PageModel
{
    protected WebDbContext Web => web;
    public DatasetDraft? Draft { get; private set; }

    /// <summary>Null when the draft may be worked on; otherwise the result to return (404 or 403).</summary>
    protected async Task<IActionResult?> LoadDraftAsync(Guid id, CancellationToken ct)
    {
        Draft = await web.Drafts.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (Draft is null) return NotFound();
        if (!await access.CanPublishAsync(User, Draft.OrganisationId, ct)) return Forbid();
        if (Draft.Step == DraftStep.Published && Draft.SourceId is { } sourceId) return Redirect($"/publicera/kallor/{sourceId}");
        return null;
    }

    protected async Task SaveDraftAsync(DraftStep atLeast, CancellationToken ct)
    {
        if (Draft!.Step < atLeast) Draft.Step = atLeast;
        // The clock from the request's services keeps the subclasses' constructors as they are.
        Draft.UpdatedAt = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await web.SaveChangesAsync(ct);
    }
}
