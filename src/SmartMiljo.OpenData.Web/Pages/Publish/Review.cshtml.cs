using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>Wizard step 2: what was sniffed, the suggested specification and the validation report with
/// row and column errors; the publisher may pick another specification or upload a corrected file.</summary>
[RequestSizeLimit(600L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 600L * 1024 * 1024)]
public sealed class ReviewModel(WebDbContext web, OrganisationAccess access, DraftValidation validation, ISpecificationRegistry registry)
    : DraftPageModel(web, access)
{
    public ValidationReport? Report { get; private set; }
    public Specification? Suggested { get; private set; }
    public IReadOnlyList<Specification> Specifications => registry.Latest.OrderBy(s => s.Title, StringComparer.Ordinal).ToList();
    public string? Error { get; private set; }

    /// <summary>The first rows as the harvest reads them, or the records a catalogue would import.</summary>
    public DraftPreview? Preview { get; private set; }

    /// <summary>Data needs a report that does not block; a catalogue needs records to import.</summary>
    public bool CanContinue => Report is { Verdict: not ValidationVerdict.Blocked } || Preview is { IsCatalogue: true };

    /// <summary>A corrected file can replace a file; a service or catalogue is read again from its address.</summary>
    public bool TakesFiles => DraftValidation.IsFileKind(Draft!.Kind);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        Error = TempData["DraftError"] as string;
        Prepare();
        return Page();
    }

    public async Task<IActionResult> OnPostSpecificationAsync(Guid id, string? specificationId, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        Draft!.SpecificationId = string.IsNullOrEmpty(specificationId) ? null : registry.Find(specificationId)?.Id;
        return await ReanalyseAsync(ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? upload, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        if (upload is null)
        {
            Error = Catalogue.Labels.L("Välj en fil att ladda upp.", "Choose a file to upload.");
            Prepare();
            return Page();
        }
        Error = await validation.SaveUploadAsync(Draft!, upload, ct);
        if (Error is not null)
        {
            Prepare();
            return Page();
        }
        return await ReanalyseAsync(ct);
    }

    public async Task<IActionResult> OnPostContinueAsync(Guid id, [FromServices] SourcePublishing publishing, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        Prepare();
        if (!CanContinue) return Page();
        if (Draft!.ReplacesSourceId is not null)
        {
            // The dataset is described already: the checked file or address becomes its next version.
            var result = await publishing.ReplaceAsync(Draft, User, ct);
            if (result.Status == Application.UseCaseStatus.Forbidden) return Forbid();
            if (!result.Succeeded)
            {
                Error = result.Detail ?? string.Join(" ", result.Errors.Values.SelectMany(m => m));
                return Page();
            }
            TempData["SourceMessage"] = Catalogue.Labels.L("Den nya versionen hämtas och publiceras nu; datamängden behåller sin adress.",
                "The new version is being harvested and published now; the dataset keeps its address.");
            return Redirect($"/publicera/kallor/{result.Value!.Id}");
        }
        var spec = Draft!.SpecificationId is null ? null : registry.Find(Draft.SpecificationId);
        Draft.Title ??= spec?.Title;
        Draft.TitleEn ??= spec?.TitleEn;
        Draft.Description ??= spec?.Description;
        Draft.Themes ??= spec is null ? null : string.Join(',', spec.Themes);
        await SaveDraftAsync(DraftStep.Metadata, ct);
        return Redirect($"/publicera/utkast/{id}/metadata");
    }

    /// <summary>Validates again with the publisher's choice of specification (an explicit "none" stays none).</summary>
    private async Task<IActionResult> ReanalyseAsync(CancellationToken ct)
    {
        Error = await validation.AnalyseAsync(Draft!, applySuggestion: false, ct);
        await SaveDraftAsync(DraftStep.Validation, ct);
        if (Error is not null) TempData["DraftError"] = Error;
        return Redirect($"/publicera/utkast/{Draft!.Id}/granska");
    }

    private void Prepare()
    {
        Report = Draft!.ReportJson is { } json ? ValidationReport.FromJson(json) : null;
        Suggested = Draft.SuggestedSpecificationId is { } s ? registry.Find(s) : null;
        Preview = DraftPreview.FromJson(Draft.PreviewJson);
    }
}
