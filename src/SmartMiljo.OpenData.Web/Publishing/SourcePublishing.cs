using System.Security.Claims;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>Turns a finished draft into a source and dataset through the same use case the admin API
/// uses (its checks and authorisation included), queues the first harvest, and writes the audit log.</summary>
public sealed class SourcePublishing(
    RegisterSourceHandler registration, EditSourceHandler edit, OrganisationAccess access, WebDbContext web, AuditLog audit, TimeProvider clock)
{
    /// <summary>A checked new file or address for an existing source: the source reads it from now on and
    /// harvests it at once into the next version of its dataset (the use case writes the audit log).</summary>
    public async Task<UseCaseResult<Core.Harvesting.HarvestSource>> ReplaceAsync(DatasetDraft draft, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var result = await edit.HandleAsync(new EditSource(caller, draft.ReplacesSourceId!.Value, Location: draft.Location, Kind: draft.Kind, SettingsJson: draft.SettingsJson), ct);
        if (!result.Succeeded) return result;
        draft.SourceId = result.Value!.Id;
        draft.Step = DraftStep.Published;
        draft.UpdatedAt = clock.GetUtcNow();
        await web.SaveChangesAsync(ct);
        return result;
    }

    public async Task<UseCaseResult<RegisteredSource>> PublishAsync(DatasetDraft draft, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = await access.CallerAsync(user, ct);
        var organisationSlug = await access.OrganisationSlugAsync(draft.OrganisationId, ct);
        var frequency = UpdateFrequencies.Find(draft.UpdateFrequency);
        var command = new RegisterSource(
            caller, organisationSlug ?? "",
            Name: draft.Title!.Trim(),
            Location: draft.Location,
            Kind: draft.Kind,
            Schedule: frequency.Cron,
            SpecificationId: draft.SpecificationId,
            Title: draft.Title.Trim(),
            TitleEn: Blank(draft.TitleEn),
            Description: draft.Description?.Trim(),
            Keywords: Split(draft.Keywords),
            Themes: Split(draft.Themes),
            License: draft.License ?? Licenses.Cc0,
            ContactEmail: Blank(draft.ContactEmail),
            ContactPhone: Blank(draft.ContactPhone),
            Enabled: true,
            HarvestNow: true,
            SettingsJson: draft.SettingsJson);
        var result = await registration.HandleAsync(command, ct);
        if (!result.Succeeded) return result;

        var registered = result.Value!;
        draft.SourceId = registered.Source.Id;
        draft.Step = DraftStep.Published;
        draft.UpdatedAt = clock.GetUtcNow();
        await web.SaveChangesAsync(ct);
        await audit.RecordAsync(user, registered.Organisation.Id, "dataset.publish", $"{registered.Organisation.Slug}/{registered.Dataset.Slug}",
            $"source {registered.Source.Id}, {(draft.IsUpload ? draft.OriginalFileName : Application.Credentials.CredentialMask.Mask(draft.Location))}", ct);
        return result;
    }

    public static List<string> Split(string? list) =>
        (list ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
