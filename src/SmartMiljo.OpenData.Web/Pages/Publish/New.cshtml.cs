using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>Wizard step 1: a file, or the address of a file, a map service (WFS, ArcGIS: a layer picked from the service's
/// own list), a JSON API or a catalogue (DCAT, CKAN). The draft is saved as soon as there is something to save.</summary>
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

    /// <summary>What kind of source the address is (<see cref="SourceChoices"/>); a file (uploaded or at an address) by default.</summary>
    [BindProperty] public string Choice { get; set; } = FileChoice;

    /// <summary>The layer picked from a WFS's capabilities (a feature type) or an ArcGIS service's list (a layer address).</summary>
    [BindProperty] public string? Layer { get; set; }

    /// <summary>The layers read from the service, once an address is given; the publisher picks one.</summary>
    public IReadOnlyList<ServiceLayer> Layers { get; private set; } = [];

    // A JSON API's settings, in the harvester's terms (see SourceSettings).
    [BindProperty] public string? RecordsPointer { get; set; }
    [BindProperty] public PagingMode Paging { get; set; } = PagingMode.None;
    [BindProperty] public int? PageSize { get; set; }

    public const string FileChoice = "fil";

    /// <summary>The sources the wizard takes, as the form offers them: a file, or every kind the harvester reads at an address.</summary>
    public static readonly IReadOnlyList<(string Value, SourceKind? Kind, string Sv, string En, string HintSv, string HintEn)> SourceChoices =
    [
        (FileChoice, null, "En fil", "A file", "CSV, en Excel-arbetsbok (.xlsx, första bladet) eller GeoJSON: ladda upp den eller ange dess webbadress.",
            "CSV, an Excel workbook (.xlsx, first sheet) or GeoJSON: upload it or give its web address."),
        ("wfs", SourceKind.Wfs, "En WFS-tjänst (kartserver)", "A WFS service (map server)", "Ange tjänstens adress; du väljer sedan lager i listan tjänsten visar.",
            "Give the service's address; you then pick a layer from the list the service shows."),
        ("arcgis", SourceKind.ArcGis, "En ArcGIS-tjänst", "An ArcGIS service", "Ange adressen till en FeatureServer eller MapServer; du väljer sedan lager.",
            "Give the address of a FeatureServer or MapServer; you then pick a layer."),
        ("jsonapi", SourceKind.JsonApi, "Ett JSON-API", "A JSON API", "Ange adressen som svarar med posterna som JSON, och var i svaret de finns.",
            "Give the address that answers with the records as JSON, and where in the answer they are."),
        ("dcat", SourceKind.Dcat, "En DCAT-katalog", "A DCAT catalogue", "Ange adressen till katalogen (RDF/XML, Turtle eller JSON-LD); varje datamängd i den hämtas.",
            "Give the catalogue's address (RDF/XML, Turtle or JSON-LD); every dataset in it is harvested."),
        ("ckan", SourceKind.Ckan, "En CKAN-portal", "A CKAN portal", "Ange portalens adress, t.ex. https://ckan.example.se; varje datamängd i den hämtas.",
            "Give the portal's address, e.g. https://ckan.example.se; every dataset in it is harvested."),
    ];

    /// <summary>The paging styles of a JSON API, in plain words.</summary>
    public static readonly IReadOnlyList<(PagingMode Mode, string Sv, string En)> PagingChoices =
    [
        (PagingMode.None, "Allt kommer i ett enda svar", "Everything comes in one answer"),
        (PagingMode.Link, "Varje svar pekar ut nästa sida", "Each answer points to the next page"),
        (PagingMode.Offset, "Sidor väljs med start och antal (offset och limit)", "Pages are chosen by start and count (offset and limit)"),
        (PagingMode.Page, "Sidor väljs med sidnummer (page och limit)", "Pages are chosen by page number (page and limit)"),
    ];

    public SourceKind? ChosenKind => SourceChoices.FirstOrDefault(c => c.Value == Choice).Kind;

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
        var kind = ChosenKind;
        if (kind is null ? Upload is null && string.IsNullOrWhiteSpace(Url) : string.IsNullOrWhiteSpace(Url))
        {
            Error = kind is null ? Labels.L("Välj en fil eller ange en webbadress.", "Choose a file or give a web address.")
                : Labels.L("Ange tjänstens eller katalogens webbadress.", "Give the service's or catalogue's web address.");
            return Page();
        }
        string? settings = null;
        if (kind is SourceKind.Wfs or SourceKind.ArcGis)
        {
            // The layer list is read again, so the layer taken is one the service offers.
            (Layers, Error) = await validation.LayersAsync(kind.Value, Url!, ct);
            if (Error is not null) return Page();
            var picked = Layers.FirstOrDefault(l => l.Id == Layer);
            if (picked is null)
            {
                if (Layer is not null) Error = Labels.L("Välj ett av lagren i listan.", "Pick one of the layers in the list.");
                return Page();
            }
            if (kind == SourceKind.Wfs) settings = JsonSerializer.Serialize(new { typeName = picked.Id });
            else Url = picked.Id;
        }
        else if (kind == SourceKind.JsonApi)
        {
            var json = new Dictionary<string, object> { ["paging"] = Paging.ToString() };
            if (!string.IsNullOrWhiteSpace(RecordsPointer)) json["recordsPointer"] = RecordsPointer.Trim();
            if (PageSize is { } size) json["pageSize"] = size;
            settings = JsonSerializer.Serialize(json);
        }
        var now = clock.GetUtcNow();
        var draft = new DatasetDraft
        {
            OrganisationId = OrganisationId, CreatedAt = now, UpdatedAt = now, CreatedBy = OrganisationAccess.UserId(User) ?? Guid.Empty,
            // A new file for a dataset is checked against the specification the dataset follows.
            ReplacesSourceId = Replaced?.Id, SpecificationId = Replaced?.SpecificationId, Title = Replaced?.Name,
        };
        Error = kind is not null ? await validation.FetchServiceAsync(draft, kind.Value, Url!, settings, ct)
            : Upload is not null ? await validation.SaveUploadAsync(draft, Upload, ct)
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
