using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Rdf.Metadata;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>Wizard step 3: the DCAT-AP-SE metadata form with a live quality score, then publish.</summary>
public sealed class MetadataModel(WebDbContext web, OrganisationAccess access, SourcePublishing publishing,
    CatalogueIndex index) : DraftPageModel(web, access)
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? TitleEn { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? License { get; set; }
    [BindProperty] public List<string> Themes { get; set; } = [];
    [BindProperty] public string? Keywords { get; set; }
    [BindProperty] public string? ContactEmail { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }
    [BindProperty] public string? UpdateFrequency { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    /// <summary>The score the dataset will have once published (the one the public page then shows); null when the
    /// feed would leave it out.</summary>
    public MqaDatasetScore? Quality { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        if (Draft!.Step < DraftStep.Metadata) return Redirect($"/publicera/utkast/{id}/granska");
        Quality = await ScoreAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        Apply();
        await SaveDraftAsync(DraftStep.Metadata, ct);
        Saved = true;
        Quality = await ScoreAsync(ct);
        return Page();
    }

    /// <summary>The live score: the form as it is now, not saved, in the public page's own display.</summary>
    public async Task<IActionResult> OnPostScoreAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        Apply();
        var partial = Partial("_MqaScore", await ScoreAsync(ct));
        partial.ViewData["MqaBeforePublishing"] = true;
        return partial;
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } refused) return refused;
        Apply();
        await SaveDraftAsync(DraftStep.Metadata, ct);
        if (string.IsNullOrWhiteSpace(Draft!.Title)) Errors["title"] = Labels.L("Ange en titel.", "Give a title.");
        if (string.IsNullOrWhiteSpace(Draft.Description)) Errors["description"] = Labels.L("Ange en beskrivning.", "Give a description.");
        if (string.IsNullOrWhiteSpace(Draft.ContactEmail))
            Errors["contactEmail"] = Labels.L("Ange en e-postadress för frågor om data.", "Give an e-mail address for questions about the data.");
        // The same rules as the admin API and the DCAT writer; the fields above have friendlier "required" texts.
        foreach (var problem in MetadataRules.Check(new DatasetMetadata
                 {
                     Title = Draft.Title, TitleEn = Draft.TitleEn, Description = Draft.Description, Keywords = SourcePublishing.Split(Draft.Keywords),
                     Themes = SourcePublishing.Split(Draft.Themes), License = Draft.License,
                     ContactEmail = string.IsNullOrWhiteSpace(Draft.ContactEmail) ? null : Draft.ContactEmail,
                     ContactPhone = string.IsNullOrWhiteSpace(Draft.ContactPhone) ? null : Draft.ContactPhone,
                 }))
            Errors.TryAdd(problem.Field, Labels.L(problem.Swedish, problem.English));
        if (Errors.Count == 0)
        {
            var result = await publishing.PublishAsync(Draft, User, ct);
            if (result.Succeeded)
            {
                index.Invalidate();
                TempData["SourceMessage"] = Labels.L(
                    $"Klart! {Draft.Title} är sparad och den första hämtningen har startat. Datamängden publiceras när hämtningen är klar; den här sidan visar hur det går.",
                    $"Done! {Draft.Title} is saved and its first harvest has started. The dataset is published when the harvest is done; this page shows how it goes.");
                return Redirect($"/publicera/kallor/{result.Value!.Source.Id}");
            }
            if (result.Status == Application.UseCaseStatus.Forbidden) return Forbid();
            foreach (var (key, messages) in result.Errors) Errors[key] = string.Join(" ", messages);
            if (result.Status == Application.UseCaseStatus.Conflict)
                Errors["title"] = Labels.L("Organisationen har redan en datamängd med den titeln; välj en annan titel.",
                    "The organisation already has a dataset with that title; choose another title.");
        }
        Quality = await ScoreAsync(ct);
        return Page();
    }

    private void Apply()
    {
        var d = Draft!;
        d.Title = Title?.Trim();
        d.TitleEn = TitleEn?.Trim();
        d.Description = Description?.Trim();
        d.License = License is Licenses.Cc0 or Licenses.CcBy40 ? License : Licenses.Cc0;
        d.Themes = string.Join(',', Themes.Where(t => Labels.ThemeCodes.Contains(t)));
        d.Keywords = Keywords?.Trim();
        d.ContactEmail = ContactEmail?.Trim();
        d.ContactPhone = ContactPhone?.Trim();
        d.UpdateFrequency = UpdateFrequencies.Find(UpdateFrequency).Code;
    }

    private Task<MqaDatasetScore?> ScoreAsync(CancellationToken ct) => publishing.ScoreAsync(Draft!, User, ct);
}
