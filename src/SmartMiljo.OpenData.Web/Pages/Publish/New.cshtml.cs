using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>Wizard step 1: a file or a URL. The draft is saved as soon as there is something to save.</summary>
[RequestSizeLimit(600L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 600L * 1024 * 1024)]
public sealed class NewDatasetModel(CatalogueDbContext db, WebDbContext web, OrganisationAccess access, DraftValidation validation, AuditLog audit,
    TimeProvider clock) : PageModel
{
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    [BindProperty] public Guid OrganisationId { get; set; }
    // Hides PageModel.Url (the URL helper), which this page does not use: the form field is called Url.
    [BindProperty] public new string? Url { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    public string? Error { get; private set; }

    /// <summary>The source whose data a new file or address replaces (<c>?kalla=</c>): the result is its
    /// dataset's next version, not a new dataset.</summary>
    [BindProperty(SupportsGet = true, Name = "kalla")] public Guid? ReplacesSourceId { get; set; }
    public HarvestSource? Replaced { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadReplacedAsync(ct) is { } refused) return refused;
        await LoadOrganisationsAsync(ct);
        return Organisations.Count == 0 ? Forbid() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadReplacedAsync(ct) is { } refused) return refused;
        await LoadOrganisationsAsync(ct);
        // The list above is a convenience; the check that counts is this one.
        if (!await access.CanPublishAsync(User, OrganisationId, ct)) return Forbid();
        if (Upload is null && string.IsNullOrWhiteSpace(Url))
        {
            Error = Labels.L("Välj en fil eller ange en webbadress.", "Choose a file or give a web address.");
            return Page();
        }
        var now = clock.GetUtcNow();
        var draft = new DatasetDraft
        {
            OrganisationId = OrganisationId, CreatedAt = now, UpdatedAt = now, CreatedBy = OrganisationAccess.UserId(User) ?? Guid.Empty,
            // A new file for a dataset is checked against the specification the dataset follows.
            ReplacesSourceId = Replaced?.Id, SpecificationId = Replaced?.SpecificationId, Title = Replaced?.Name,
        };
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

    /// <summary>Null when there is no source to replace or the user may change it; otherwise the refusal.</summary>
    private async Task<IActionResult?> LoadReplacedAsync(CancellationToken ct)
    {
        if (ReplacesSourceId is not { } id) return null;
        Replaced = await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (Replaced is null) return NotFound();
        if (!await access.CanPublishAsync(User, Replaced.OrganisationId, ct)) return Forbid();
        OrganisationId = Replaced.OrganisationId;
        return null;
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
