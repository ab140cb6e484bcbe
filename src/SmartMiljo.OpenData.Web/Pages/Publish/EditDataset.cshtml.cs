using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Datasets;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>
/// Every metadata field of a dataset, for its publishers: the same use cases as the admin API's
/// <c>GET|PATCH /api/admin/datasets/{id}</c> (<see cref="DatasetMetadataQuery"/>, <see cref="EditDatasetMetadataHandler"/>),
/// so the rules, the authorisation and what is stored are the API's. The page shows the dataset's MQA score as
/// dataportal.se computes it from the published DCAT.
/// </summary>
public sealed class EditDatasetModel(OrganisationAccess access, ResourceAuthorisation authorisation, DatasetMetadataQuery query,
    EditDatasetMetadataHandler edit, DatasetQuality quality, CatalogueIndex index) : PageModel
{
    [BindProperty] public DatasetMetadataForm Form { get; set; } = new();

    public DatasetMetadataView? View { get; private set; }
    public MqaDatasetScore? Score { get; private set; }

    /// <summary>Field (as the API names it) → the message in the page's language.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public bool Saved { get; private set; }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync(Guid id, bool sparat, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        Form = DatasetMetadataForm.From(View!.Metadata);
        Saved = sparat;
        Score = await quality.ScoreAsync(View.OrganisationSlug, View.Slug, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        var input = Form.ToInput(View!.Metadata, Errors);
        if (Errors.Count == 0)
        {
            var result = await edit.HandleAsync(new EditDatasetMetadata(await access.CallerAsync(User, ct), id, input), ct);
            switch (result.Status)
            {
                case UseCaseStatus.Done:
                    index.Invalidate();
                    return Redirect($"/publicera/datamangder/{id}?sparat=true");
                case UseCaseStatus.Invalid:
                    foreach (var (field, messages) in result.Errors) Errors.TryAdd(field, string.Join(" ", messages.Select(InPageLanguage)));
                    break;
                case UseCaseStatus.NotFound:
                    return NotFound();
                default:
                    return Forbid();
            }
        }
        Score = await quality.ScoreAsync(View.OrganisationSlug, View.Slug, ct);
        return Page();
    }

    /// <summary>The dataset's description for a caller who may change it: 404 for an unknown dataset, 403 for anyone else's.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = await access.CallerAsync(User, ct);
        var may = await authorisation.DatasetAsync(caller, id, Permission.Change, ct);
        if (may.Outcome == AccessOutcome.NotFound) return NotFound();
        if (!may.Granted) return Forbid();
        var result = await query.HandleAsync(caller, id, ct);
        if (!result.Succeeded) return Forbid();
        View = result.Value!;
        return null;
    }

    /// <summary>The metadata rules speak both languages ("sv / en"); the page speaks one.</summary>
    private static string InPageLanguage(string message)
    {
        var halves = message.Split(" / ", 2);
        return halves.Length == 2 ? Labels.L(halves[0], halves[1]) : message;
    }
}
