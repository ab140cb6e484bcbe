using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Credentials;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Sources;

/// <summary>Harvest a source now.</summary>
public sealed record TriggerHarvest(Caller Caller, Guid SourceId, string Trigger = "manual");

/// <summary>A file given to a file-drop source, harvested next.</summary>
public sealed record UploadToSource(Caller Caller, Guid SourceId, string FileName, Stream Content);

/// <summary>New name, address, kind, settings, schedule or pause state of a source; null leaves a part as it is.
/// A new address, kind or settings is harvested at once into the next version of the same dataset.</summary>
public sealed record EditSource(
    Caller Caller, Guid SourceId, string? Name = null, string? Location = null, string? Schedule = null, bool? Enabled = null,
    SourceKind? Kind = null, string? SettingsJson = null);

/// <summary>Removes a source: its datasets are withdrawn (kept as history) or, never published, deleted.</summary>
public sealed record DeleteSource(Caller Caller, Guid SourceId);

/// <summary>The harvest job queued for a source.</summary>
public sealed record QueuedHarvest(HarvestSource Source, string JobId);

public sealed class TriggerHarvestHandler(ResourceAuthorisation authorisation, HarvestScheduler scheduler)
{
    public async Task<UseCaseResult<QueuedHarvest>> HandleAsync(TriggerHarvest command, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(command.Caller, command.SourceId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<QueuedHarvest>.Refused(access, $"source {command.SourceId}");
        return UseCaseResult<QueuedHarvest>.Done(new QueuedHarvest(access.Resource!, scheduler.TriggerNow(command.SourceId, command.Trigger)));
    }
}

public sealed class UploadToSourceHandler(ResourceAuthorisation authorisation, FileDropInbox inbox, HarvestScheduler scheduler)
{
    public async Task<UseCaseResult<QueuedHarvest>> HandleAsync(UploadToSource command, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(command.Caller, command.SourceId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<QueuedHarvest>.Refused(access, $"source {command.SourceId}");
        try
        {
            await inbox.AcceptAsync(access.Resource!, command.FileName, command.Content, ct);
        }
        catch (UploadRejectedException ex)
        {
            return UseCaseResult<QueuedHarvest>.Invalid("file", ex.Message);
        }
        return UseCaseResult<QueuedHarvest>.Done(new QueuedHarvest(access.Resource!, scheduler.TriggerNow(command.SourceId, "upload")));
    }
}

public sealed class EditSourceHandler(
    CatalogueDbContext db, ResourceAuthorisation authorisation, SourceLocationRule locations, HarvestScheduler scheduler, IAuditTrail audit)
{
    public async Task<UseCaseResult<HarvestSource>> HandleAsync(EditSource command, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(command.Caller, command.SourceId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<HarvestSource>.Refused(access, $"source {command.SourceId}");
        var source = access.Resource!;
        var organisation = (await authorisation.OrganisationAsync(command.Caller, source.OrganisationId, Permission.Change, ct)).Resource!;
        var errors = new Dictionary<string, string[]>();
        if (command.Name is not null && string.IsNullOrWhiteSpace(command.Name)) errors["name"] = ["The name is required."];
        // A masked address shown back unchanged keeps the stored one (with its credentials).
        var location = command.Location?.Trim();
        if (location is not null && location == CredentialMask.Mask(source.Location)) location = null;
        if (location is not null && await locations.CheckAddressAsync(command.Caller, organisation, location, ct) is { } locationError)
            errors["location"] = [locationError];
        if (command.Kind is { } kind && !Enum.IsDefined(kind)) errors["kind"] = [$"Unknown source kind; use one of {string.Join(", ", Enum.GetNames<SourceKind>())}."];
        var settings = command.SettingsJson ?? source.SettingsJson;
        if ((command.Kind is not null || command.SettingsJson is not null)
            && SourceSettings.Validate(command.Kind ?? source.Kind, settings) is { } settingsError) errors["settings"] = [settingsError];
        if (command.Schedule is not null && !InputRules.IsCron(command.Schedule, out var cronError)) errors["schedule"] = [cronError!];
        if (errors.Count > 0) return UseCaseResult<HarvestSource>.Invalid(errors);

        var changed = new List<string>();
        if (command.Name is not null && command.Name.Trim() != source.Name) { source.Name = command.Name.Trim(); changed.Add("name"); }
        var refetch = false;
        if (location is not null && location != source.Location) { source.Location = location; changed.Add("location"); refetch = true; }
        if (command.Kind is { } newKind && newKind != source.Kind) { source.Kind = newKind; changed.Add("kind"); refetch = true; }
        if (command.SettingsJson is not null && command.SettingsJson != source.SettingsJson) { source.SettingsJson = command.SettingsJson; changed.Add("settings"); refetch = true; }
        if (command.Schedule is not null && command.Schedule != source.Schedule) { source.Schedule = command.Schedule; changed.Add("schedule"); }
        if (command.Enabled is { } enabled && enabled != source.Enabled) { source.Enabled = enabled; changed.Add(enabled ? "resumed" : "paused"); }
        if (refetch)
        {
            // What was remembered of the old address says nothing of the new one: the next harvest fetches in full.
            source.LastETag = null;
            source.LastModifiedHeader = null;
            source.LastContentHash = null;
        }
        if (changed.Count == 0) return UseCaseResult<HarvestSource>.Done(source);
        await db.SaveChangesAsync(ct);
        scheduler.Schedule(source);
        await audit.RecordAsync(new AuditRecord(command.Caller, source.OrganisationId, "source.edit", source.Name,
            $"{organisation.Name}: {string.Join(", ", changed)}"), ct);
        // The publisher sees the next version of the same dataset (or what is wrong with the new address) now, not tonight.
        if (refetch && source.Enabled) scheduler.TriggerNow(source.Id, "source-changed");
        return UseCaseResult<HarvestSource>.Done(source);
    }
}

/// <summary>
/// Removes a source and stops its harvests. Each dataset it fed is withdrawn (kept as history, gone from the
/// catalogue), or deleted when it was never published; its runs go with it.
/// </summary>
public sealed class DeleteSourceHandler(
    CatalogueDbContext db, ResourceAuthorisation authorisation, HarvestScheduler scheduler, IAuditTrail audit, TimeProvider clock)
{
    public async Task<UseCaseResult<HarvestSource>> HandleAsync(DeleteSource command, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(command.Caller, command.SourceId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<HarvestSource>.Refused(access, $"source {command.SourceId}");
        var source = access.Resource!;
        var fed = await db.HarvestSourceItems.Where(i => i.SourceId == source.Id).Select(i => i.DatasetId).ToListAsync(ct);
        var datasetIds = (source.DatasetId is { } own ? fed.Append(own) : fed).Distinct().ToList();
        var datasets = await db.Datasets.Where(d => datasetIds.Contains(d.Id)).ToListAsync(ct);
        var withVersions = await db.DatasetVersions.Where(v => datasetIds.Contains(v.DatasetId)).Select(v => v.DatasetId).Distinct().ToListAsync(ct);
        // Another source feeding the same dataset keeps it.
        var sharedWith = await db.HarvestSources.Where(s => s.Id != source.Id && s.DatasetId != null && datasetIds.Contains(s.DatasetId.Value))
            .Select(s => s.DatasetId!.Value).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var withdrawn = new List<string>();
        source.Enabled = false;
        db.HarvestSources.Remove(source);
        foreach (var dataset in datasets.Where(d => !sharedWith.Contains(d.Id)))
        {
            if (dataset.Status == DatasetStatus.Draft && !withVersions.Contains(dataset.Id))
            {
                // Items first: they hold the dataset back from deletion.
                await db.HarvestSourceItems.Where(i => i.DatasetId == dataset.Id).ExecuteDeleteAsync(ct);
                db.Datasets.Remove(dataset);
            }
            else
            {
                dataset.Withdraw(now);
                withdrawn.Add(dataset.Slug);
            }
        }
        await db.SaveChangesAsync(ct);
        scheduler.Schedule(source); // disabled: its recurring harvest is removed
        await audit.RecordAsync(new AuditRecord(command.Caller, source.OrganisationId, "source.delete", source.Name,
            withdrawn.Count == 0 ? null : "withdrawn: " + string.Join(", ", withdrawn)), ct);
        return UseCaseResult<HarvestSource>.Done(source);
    }
}
