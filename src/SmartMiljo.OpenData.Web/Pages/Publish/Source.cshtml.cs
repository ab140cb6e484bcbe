using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Credentials;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>A source: its harvest history with stages and reports, "harvest now", pause and edit.
/// Viewers of the organisation see it; only its publishers (and administrators) change it.</summary>
public sealed class SourceModel(CatalogueDbContext db, OrganisationAccess access, AuditLog audit, TimeProvider clock,
    IOptions<HarvestOptions> harvestOptions, HarvestQueueWatch queue) : PageModel
{
    /// <summary>A harvest was asked for and waits for a free worker (no run recorded for it yet).</summary>
    public bool HarvestWaiting { get; private set; }

    public HarvestSource? Source { get; private set; }
    public IReadOnlyList<HarvestRun> Runs { get; private set; } = [];
    public string OrganisationName { get; private set; } = "";
    public string OrganisationSlug { get; private set; } = "";
    public string DatasetSlug { get; private set; } = "";
    public bool IsPublished { get; private set; }
    public string DatasetPage => PublicUrls.Relative.DatasetPage(OrganisationSlug, DatasetSlug);
    public bool CanPublish { get; private set; }
    public string? Message { get; private set; }

    /// <summary>The version visitors see now (number and when it was published), if any.</summary>
    public (int Number, DateTimeOffset? PublishedAt)? Served { get; private set; }

    /// <summary>When the schedule next starts a harvest, in the harvester's time zone.</summary>
    public DateTimeOffset? NextRun { get; private set; }

    /// <summary>Uploads live in the platform's drop folder; their path is not worth showing or editing.</summary>
    public bool IsUpload => Source is not null && !Source.Location.StartsWith("http", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address as shown: credentials in it are never shown again once stored.</summary>
    public string ShownLocation => Source is null ? "" : CredentialMask.Mask(Source.Location);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, forChange: false, ct) is { } refused) return refused;
        Message = TempData["SourceMessage"] as string;
        HarvestWaiting = Runs.FirstOrDefault()?.Status != HarvestRunStatus.Running && queue.IsWaiting(id);
        return Page();
    }

    /// <summary>The latest run as a small JSON answer, polled by the page while a harvest runs.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id, CancellationToken ct)
    {
        var source = await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null) return NotFound();
        if (!await access.CanViewAsync(User, source.OrganisationId, ct)) return Forbid();
        var run = await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == id).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        if (run?.Status != HarvestRunStatus.Running && queue.IsWaiting(id))
            return new JsonResult(new { running = true, waiting = true, status = (string?)null, text = WaitingText });
        if (run is null) return new JsonResult(new { running = false, status = (string?)null, text = Labels.L("Ingen hämtning ännu.", "No harvest yet.") });
        var running = run.Status == HarvestRunStatus.Running;
        var text = running
            ? Labels.L($"Hämtningen pågår sedan {Labels.Date(run.StartedAt)}: {PlainLanguage.Rows(run.RowsRead)} lästa hittills.",
                $"The harvest has been running since {Labels.Date(run.StartedAt)}: {PlainLanguage.Rows(run.RowsRead)} read so far.")
            : PlainLanguage.RunStatus(run.Status);
        return new JsonResult(new { running, status = run.Status.ToString(), text, rowsRead = run.RowsRead });
    }

    public static string WaitingText => Labels.L(
        "Hämtningen står i kö och startar så snart en plats blir ledig. Sidan följer den av sig själv.",
        "The harvest is queued and starts as soon as a slot is free. This page follows it by itself.");

    public async Task<IActionResult> OnPostHarvestAsync(Guid id, [FromServices] TriggerHarvestHandler trigger, CancellationToken ct)
    {
        if (await LoadAsync(id, forChange: true, ct) is { } refused) return refused;
        var result = await trigger.HandleAsync(new TriggerHarvest(await access.CallerAsync(User, ct), id, "web"), ct);
        if (!result.Succeeded) return Forbid();
        await audit.RecordAsync(User, Source!.OrganisationId, "source.harvest", Source.Name, null, ct);
        TempData["SourceMessage"] = Labels.L("Hämtningen är startad. Sidan visar hur det går.",
            "The harvest has started. The page shows how it goes.");
        return Redirect($"/publicera/kallor/{id}");
    }

    public async Task<IActionResult> OnPostPauseAsync(Guid id, [FromServices] EditSourceHandler edit, CancellationToken ct)
    {
        if (await LoadAsync(id, forChange: true, ct) is { } refused) return refused;
        var result = await edit.HandleAsync(new EditSource(await access.CallerAsync(User, ct), id, Enabled: !Source!.Enabled), ct);
        if (!result.Succeeded) return Forbid();
        var source = result.Value!;
        TempData["SourceMessage"] = source.Enabled ? Labels.L("Källan hämtas igen enligt schemat.", "The source is harvested on its schedule again.")
            : Labels.L("Källan är pausad.", "The source is paused.");
        return Redirect($"/publicera/kallor/{id}");
    }

    /// <summary>Withdraws the source's dataset (or deletes it when it was never published); the use case stops the source.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, [FromServices] Application.Datasets.WithdrawDatasetHandler withdraw, CancellationToken ct)
    {
        if (await LoadAsync(id, forChange: true, ct) is { } refused) return refused;
        var result = await withdraw.HandleAsync(new Application.Datasets.WithdrawDataset(await access.CallerAsync(User, ct), Source!.DatasetId), ct);
        if (result.Status == UseCaseStatus.Forbidden) return Forbid();
        if (!result.Succeeded)
        {
            TempData["SourceMessage"] = result.Detail;
            return Redirect($"/publicera/kallor/{id}");
        }
        TempData["PublishMessage"] = result.Value!.Deleted
            ? Labels.L($"{Source.Name} är borttagen.", $"{Source.Name} is deleted.")
            : Labels.L($"{Source.Name} är avpublicerad. Adressen {DatasetPage} svarar nu att datamängden har avpublicerats.",
                $"{Source.Name} is withdrawn. The address {DatasetPage} now answers that the dataset was withdrawn.");
        return Redirect("/publicera");
    }

    /// <summary>A catalogue source (DCAT, CKAN) whose records may or may not go into our own DCAT feed.</summary>
    public bool IsCatalogue => Source?.Kind is SourceKind.Dcat or SourceKind.Ckan;

    /// <summary>Whether the source's records are in our DCAT feed (its "republish" setting).</summary>
    public bool Republishes => Source is not null && Harvesting.SourceSettings.Parse(Source.SettingsJson).RepublishesRecords(Source.Kind);

    /// <summary>What each harvest does with the published rows, as the form's choice: replace, append (update), append (keep).</summary>
    public string HarvestModeChoice => Source is null ? ReplaceChoice : ModeChoice(Source.SettingsJson);

    public const string ReplaceChoice = "replace", AppendUpdateChoice = "append-update", AppendKeepChoice = "append-keep";

    private static string ModeChoice(string? settingsJson)
    {
        Harvesting.SourceSettings settings;
        try { settings = Harvesting.SourceSettings.Parse(settingsJson); }
        catch (System.Text.Json.JsonException) { return ReplaceChoice; }
        return settings.Mode != Harvesting.HarvestMode.Append ? ReplaceChoice
            : settings.ExistingRows == Harvesting.ExistingRows.Keep ? AppendKeepChoice : AppendUpdateChoice;
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, string? name, string? location, string? updateFrequency, string? harvestMode, bool republish,
        [FromServices] EditSourceHandler edit, CancellationToken ct)
    {
        if (await LoadAsync(id, forChange: true, ct) is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(name))
        {
            TempData["SourceMessage"] = Labels.L("Ange ett namn.", "Give a name.");
            return Redirect($"/publicera/kallor/{id}");
        }
        // Only a changed choice rewrites the settings (a new setting is harvested at once).
        var original = Source!.SettingsJson;
        var settings = harvestMode is null || harvestMode == HarvestModeChoice ? original
            : Harvesting.SourceSettings.WithMode(original,
                harvestMode == ReplaceChoice ? Harvesting.HarvestMode.Replace : Harvesting.HarvestMode.Append,
                harvestMode == AppendKeepChoice ? Harvesting.ExistingRows.Keep : Harvesting.ExistingRows.Update);
        if (IsCatalogue) settings = Harvesting.SourceSettings.WithRepublish(Source.Kind, settings, republish);
        var result = await edit.HandleAsync(new EditSource(await access.CallerAsync(User, ct), id, name,
            IsUpload ? null : location, UpdateFrequencies.Find(updateFrequency).Cron,
            SettingsJson: settings == original ? null : settings), ct);
        if (result.Status == UseCaseStatus.Forbidden) return Forbid();
        if (!result.Succeeded)
        {
            TempData["SourceMessage"] = string.Join(" ", result.Errors.Values.SelectMany(m => m));
            return Redirect($"/publicera/kallor/{id}");
        }
        TempData["SourceMessage"] = Labels.L("Ändringarna är sparade.", "The changes are saved.");
        return Redirect($"/publicera/kallor/{id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, bool forChange, CancellationToken ct)
    {
        Source = await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (Source is null) return NotFound();
        CanPublish = await access.CanPublishAsync(User, Source.OrganisationId, ct);
        if (forChange ? !CanPublish : !await access.CanViewAsync(User, Source.OrganisationId, ct)) return Forbid();
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == Source.OrganisationId, ct);
        var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == Source.DatasetId, ct);
        OrganisationName = organisation.Name;
        OrganisationSlug = organisation.Slug;
        DatasetSlug = dataset.Slug;
        IsPublished = Publication.IsPublished(dataset);
        var served = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == dataset.Id && v.Status == VersionStatus.Published)
            .OrderByDescending(v => v.Number).Select(v => new { v.Number, v.PublishedAt }).FirstOrDefaultAsync(ct);
        Served = served is null ? null : (served.Number, served.PublishedAt);
        NextRun = PlainLanguage.NextRun(Source.Schedule, clock.GetUtcNow(), HarvestScheduler.ResolveTimeZone(harvestOptions.Value.TimeZone));
        Runs = await db.HarvestRuns.AsNoTracking().Include(r => r.Stages).Where(r => r.SourceId == id)
            .OrderByDescending(r => r.StartedAt).Take(50).ToListAsync(ct);
        return null;
    }
}
