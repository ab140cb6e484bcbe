using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Adapters;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Sources;

/// <summary>Harvest a source now.</summary>
public sealed record TriggerHarvest(Caller Caller, Guid SourceId, string Trigger = "manual");

/// <summary>A file given to a file-drop source, harvested next.</summary>
public sealed record UploadToSource(Caller Caller, Guid SourceId, string FileName, Stream Content);

/// <summary>New name, address, schedule or pause state of a source; null leaves a part as it is.</summary>
public sealed record EditSource(Caller Caller, Guid SourceId, string? Name = null, string? Location = null, string? Schedule = null, bool? Enabled = null);

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
    CatalogueDbContext db, ResourceAuthorisation authorisation, SourceLocationRule locations, HarvestScheduler scheduler)
{
    public async Task<UseCaseResult<HarvestSource>> HandleAsync(EditSource command, CancellationToken ct)
    {
        var access = await authorisation.SourceAsync(command.Caller, command.SourceId, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<HarvestSource>.Refused(access, $"source {command.SourceId}");
        var source = access.Resource!;
        var errors = new Dictionary<string, string[]>();
        if (command.Name is not null && string.IsNullOrWhiteSpace(command.Name)) errors["name"] = ["The name is required."];
        var location = command.Location?.Trim();
        if (location is not null)
        {
            if (!(Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                errors["location"] = ["Ange en adress som börjar med http:// eller https://. / Give an address starting with http:// or https://."];
            else
            {
                var organisation = await authorisation.OrganisationAsync(command.Caller, source.OrganisationId, Permission.Change, ct);
                if (await locations.CheckAsync(command.Caller, organisation.Resource!, location, ct) is { } confined) errors["location"] = [confined];
            }
        }
        if (command.Schedule is not null && !InputRules.IsCron(command.Schedule, out var cronError)) errors["schedule"] = [cronError!];
        if (errors.Count > 0) return UseCaseResult<HarvestSource>.Invalid(errors);

        if (command.Name is not null) source.Name = command.Name.Trim();
        // A masked address shown back unchanged keeps the stored one (with its credentials).
        if (location is not null && location != Credentials.CredentialMask.Mask(source.Location)) source.Location = location;
        if (command.Schedule is not null) source.Schedule = command.Schedule;
        if (command.Enabled is { } enabled) source.Enabled = enabled;
        await db.SaveChangesAsync(ct);
        scheduler.Schedule(source);
        return UseCaseResult<HarvestSource>.Done(source);
    }
}
