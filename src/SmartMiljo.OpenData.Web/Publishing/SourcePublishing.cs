using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Rdf.Mqa;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>Turns a finished draft into a source and dataset through the same use case the admin API
/// uses (its checks and authorisation included), queues the first harvest, and writes the audit log.</summary>
public sealed class SourcePublishing(
    RegisterSourceHandler registration, EditSourceHandler edit, OrganisationAccess access, WebDbContext web, AuditLog audit, TimeProvider clock,
    CatalogueDbContext catalogue, ISpecificationRegistry specifications, DatasetQuality quality)
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
        var command = Command(draft, caller, organisationSlug ?? "");
        var result = await registration.HandleAsync(command, ct);
        if (!result.Succeeded) return result;

        var registered = result.Value!;
        draft.SourceId = registered.Source.Id;
        draft.Step = DraftStep.Published;
        draft.UpdatedAt = clock.GetUtcNow();
        await web.SaveChangesAsync(ct);
        await audit.RecordAsync(user, registered.Organisation.Id, "dataset.publish", $"{registered.Organisation.Slug}/{registered.Dataset?.Slug}",
            $"source {registered.Source.Id}, {(draft.IsUpload ? draft.OriginalFileName : Application.Credentials.CredentialMask.Mask(draft.Location))}", ct);
        return result;
    }

    /// <summary>
    /// The MQA score the draft's dataset will have once published, by the platform's one scorer: the draft is
    /// described as publishing will store it (<see cref="RegisterSourceHandler.Describe"/>) and scored on the DCAT
    /// the feed will carry for it (<see cref="DatasetQuality.ScoreBeforePublishingAsync"/>).
    /// </summary>
    public async Task<MqaDatasetScore?> ScoreAsync(DatasetDraft draft, ClaimsPrincipal user, CancellationToken ct)
    {
        var organisation = await catalogue.Organisations.AsNoTracking().FirstAsync(o => o.Id == draft.OrganisationId, ct);
        var command = Command(draft, await access.CallerAsync(user, ct), organisation.Slug);
        // A title is what a dataset cannot be without; the score does not look at it.
        command = command with { Name = command.Name ?? Catalogue.Labels.L("Namnlös datamängd", "Untitled dataset") };
        var spec = draft.SpecificationId is { } id ? specifications.Find(id) : null;
        var dataset = Dataset.Create(organisation.Id, "utkast", RegisterSourceHandler.Describe(command, spec, organisation), clock.GetUtcNow());
        if (spec is not null) dataset.FollowSpecification(spec.Id, spec.Version);
        var schema = spec?.Schema ?? new TableSchema
        {
            Fields = (draft.Header ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(name => new FieldDefinition { Name = name }).ToList(),
        };
        return await quality.ScoreBeforePublishingAsync(organisation, dataset, new TableLayout(schema), command.Schedule, ct);
    }

    /// <summary>The draft as the registration use case takes it.</summary>
    private static RegisterSource Command(DatasetDraft draft, Caller caller, string organisationSlug) => new(
        caller, organisationSlug,
        Name: Blank(draft.Title),
        Location: draft.Location,
        Kind: draft.Kind,
        Schedule: UpdateFrequencies.Find(draft.UpdateFrequency).Cron,
        SpecificationId: draft.SpecificationId,
        Title: Blank(draft.Title),
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

    public static List<string> Split(string? list) =>
        (list ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
