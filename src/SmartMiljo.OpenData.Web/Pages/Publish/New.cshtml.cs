using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>Wizard step 1: a file or a URL. The draft is saved as soon as there is something to save.</summary>
[RequestSizeLimit(600L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 600L * 1024 * 1024)]
public sealed class NewDatasetModel(CatalogueDbContext db, WebDbContext web, OrganisationAccess access, DraftValidation validation, AuditLog audit) : PageModel
{
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    [BindProperty] public Guid OrganisationId { get; set; }
    // Hides PageModel.Url (the URL helper), which this page does not use: the form field is called Url.
    [BindProperty] public new string? Url { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadOrganisationsAsync(ct);
        return Organisations.Count == 0 ? Forbid() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadOrganisationsAsync(ct);
        // The list above is a convenience; the check that counts is this one.
        if (!await access.CanPublishAsync(User, OrganisationId, ct)) return Forbid();
        if (Upload is null && string.IsNullOrWhiteSpace(Url))
        {
            Error = Labels.L("Välj en fil eller ange en webbadress.", "Choose a file or give a web address.");
            return Page();
        }
        var draft = new DatasetDraft { OrganisationId = OrganisationId, CreatedBy = OrganisationAccess.UserId(User) ?? Guid.Empty };
        Error = Upload is not null
            ? await validation.SaveUploadAsync(draft, Upload, ct)
            : await validation.FetchAsync(draft, Url!, ct);
        if (Error is not null) return Page();

        var organisation = Organisations.First(o => o.Id == OrganisationId);
        draft.ContactEmail = organisation.ContactEmail;
        draft.ContactPhone = organisation.ContactPhone;
        draft.License = Licenses.Cc0;
        draft.Step = DraftStep.Validation;
        var analysisError = await validation.AnalyseAsync(draft, applySuggestion: true, ct);
        web.Drafts.Add(draft);
        await web.SaveChangesAsync(ct);
        await audit.RecordAsync(User, OrganisationId, "draft.create", draft.OriginalFileName ?? draft.Location, null, ct);
        if (analysisError is not null) TempData["DraftError"] = analysisError;
        return Redirect($"/publicera/utkast/{draft.Id}/granska");
    }

    private async Task LoadOrganisationsAsync(CancellationToken ct)
    {
        var memberships = await access.MembershipsAsync(User, ct);
        var all = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        Organisations = memberships is null ? all
            : all.Where(o => memberships.TryGetValue(o.Id, out var role) && role >= OrganisationRole.Publisher).ToList();
        if (OrganisationId == Guid.Empty && Organisations.Count > 0) OrganisationId = Organisations[0].Id;
    }
}
