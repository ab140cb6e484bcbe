using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Rdf.Metadata;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Application.Sources;

/// <summary>Registers a source in an organisation, and the dataset it feeds unless it is a catalogue.</summary>
public sealed record RegisterSource(
    Caller Caller, string OrganisationSlug, string? Name, string? Location, SourceKind Kind = SourceKind.Csv, string? Schedule = null,
    string? SpecificationId = null, string? SpecificationVersion = null,
    string? DatasetSlug = null, string? Title = null, string? TitleEn = null, string? Description = null, string? DescriptionEn = null,
    IReadOnlyList<string>? Keywords = null, IReadOnlyList<string>? Themes = null, string? License = null,
    string? ContactEmail = null, string? ContactPhone = null,
    bool Enabled = true, bool HarvestNow = false, string? SettingsJson = null);

/// <summary>The source registered and its dataset.</summary>
/// <param name="Dataset">The dataset the source feeds; null for a catalogue source, whose records become datasets as they are harvested.</param>
public sealed record RegisteredSource(HarvestSource Source, Dataset? Dataset, Organisation Organisation);

/// <summary>
/// Registers a source with the input rules, the authorisation and the local-folder confinement in one
/// place: the admin API and the web wizard both call it, so a publisher meets the same checks wherever
/// they start.
/// </summary>
public sealed class RegisterSourceHandler(
    CatalogueDbContext db, ResourceAuthorisation authorisation, SourceLocationRule locations, ISpecificationRegistry specifications,
    HarvestScheduler scheduler, TimeProvider clock)
{
    public async Task<UseCaseResult<RegisteredSource>> HandleAsync(RegisterSource command, CancellationToken ct)
    {
        var access = await authorisation.OrganisationAsync(command.Caller, command.OrganisationSlug, Permission.Change, ct);
        if (!access.Granted) return UseCaseResult<RegisteredSource>.Refused(access, $"organisation '{command.OrganisationSlug}'");
        var organisation = access.Resource!;

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.Name)) errors["name"] = ["The name is required."];
        var location = command.Location?.Trim() ?? "";
        if (await locations.CheckAddressAsync(command.Caller, organisation, location, ct) is { } locationError) errors["location"] = [locationError];
        if (!Enum.IsDefined(command.Kind)) errors["kind"] = [$"Unknown source kind; use one of {string.Join(", ", Enum.GetNames<SourceKind>())}."];
        if (SourceSettings.Validate(command.Kind, command.SettingsJson) is { } settingsError) errors["settings"] = [settingsError];
        var schedule = command.Schedule ?? "0 3 * * *";
        if (!InputRules.IsCron(schedule, out var cronError)) errors["schedule"] = [cronError!];
        var spec = command.SpecificationId is { } specId ? specifications.Find(specId, command.SpecificationVersion) : null;
        if (command.SpecificationId is not null && spec is null)
            errors["specificationId"] = [$"No specification '{command.SpecificationId}'{(command.SpecificationVersion is null ? "" : $" version {command.SpecificationVersion}")}. See /api/specifications."];
        // A catalogue's records each become a dataset of their own when harvested: no dataset (no placeholder) of the source's own.
        var catalogue = SourceKinds.IsCatalogue(command.Kind);
        var datasetSlug = command.DatasetSlug ?? InputRules.Slugify(command.Title ?? command.Name ?? "");
        if (!catalogue)
        {
            if (!InputRules.IsSlug(datasetSlug)) errors["datasetSlug"] = ["Use lower-case letters, digits and hyphens, e.g. 'badplatser'."];
            if (command.License is { } license && license is not (Licenses.Cc0 or Licenses.CcBy40))
                errors["license"] = [$"Use {Licenses.Cc0} (CC0) or {Licenses.CcBy40} (CC BY 4.0)."];
            // The metadata as it will be stored (defaults from the specification included), by the DCAT writer's own rules.
            foreach (var (field, messages) in MetadataRules.Check(new DatasetMetadata
                     {
                         Title = command.Title ?? spec?.Title ?? command.Name, TitleEn = command.TitleEn ?? spec?.TitleEn,
                         Description = command.Description ?? spec?.Description ?? command.Name, DescriptionEn = command.DescriptionEn ?? spec?.DescriptionEn,
                         Keywords = command.Keywords ?? [], Themes = command.Themes ?? spec?.Themes.ToList() ?? [],
                         License = command.License, ContactEmail = command.ContactEmail, ContactPhone = command.ContactPhone,
                     }).ToErrors())
                errors.TryAdd(field, messages);
        }
        if (errors.Count > 0) return UseCaseResult<RegisteredSource>.Invalid(errors);
        if (catalogue) return await RegisterCatalogueAsync(command, organisation, location, schedule, spec, ct);
        if (await db.Datasets.AnyAsync(d => d.OrganisationId == organisation.Id && d.Slug == datasetSlug, ct))
            return UseCaseResult<RegisteredSource>.Conflict($"The organisation already has a dataset '{datasetSlug}'. Choose another datasetSlug.");

        var dataset = Dataset.Create(organisation.Id, datasetSlug, Describe(command, spec, organisation), clock.GetUtcNow());
        if (spec is not null) dataset.FollowSpecification(spec.Id, spec.Version);
        var source = new HarvestSource
        {
            OrganisationId = organisation.Id, DatasetId = dataset.Id, Name = command.Name!.Trim(), Kind = command.Kind,
            Location = location, Schedule = schedule, SpecificationId = spec?.Id,
            SpecificationVersion = command.SpecificationVersion, Enabled = command.Enabled, SettingsJson = command.SettingsJson,
            CreatedAt = dataset.CreatedAt,
        };
        db.Datasets.Add(dataset);
        db.HarvestSources.Add(source);
        await db.SaveChangesAsync(ct);
        scheduler.Schedule(source);
        if (command.HarvestNow) scheduler.TriggerNow(source.Id, "registration");
        return UseCaseResult<RegisteredSource>.Done(new RegisteredSource(source, dataset, organisation));
    }

    /// <summary>The description a registered dataset starts with: the command's fields, else the specification's
    /// defaults, else the source's name; the organisation's e-mail when the command gives none. The wizard's
    /// quality score describes its draft with it too, so it scores what publishing will store.</summary>
    public static DatasetDescription Describe(RegisterSource command, Specification? spec, Organisation organisation)
    {
        var contactEmail = command.ContactEmail ?? organisation.ContactEmail;
        return new DatasetDescription
        {
            Title = command.Title ?? spec?.Title ?? command.Name!,
            TitleEn = command.TitleEn ?? spec?.TitleEn,
            Description = command.Description ?? spec?.Description ?? command.Name!,
            DescriptionEn = command.DescriptionEn ?? spec?.DescriptionEn,
            Keywords = command.Keywords?.ToList() ?? [],
            Themes = command.Themes?.ToList() ?? spec?.Themes.ToList() ?? [],
            License = command.License ?? Licenses.Cc0,
            Contact = contactEmail is null && command.ContactPhone is null ? null : new DatasetContact(null, contactEmail, command.ContactPhone, null),
        };
    }

    private async Task<UseCaseResult<RegisteredSource>> RegisterCatalogueAsync(RegisterSource command, Organisation organisation, string location,
        string schedule, Specification? spec, CancellationToken ct)
    {
        var source = new HarvestSource
        {
            OrganisationId = organisation.Id, DatasetId = null, Name = command.Name!.Trim(), Kind = command.Kind,
            Location = location, Schedule = schedule, SpecificationId = spec?.Id,
            SpecificationVersion = command.SpecificationVersion, Enabled = command.Enabled, SettingsJson = command.SettingsJson,
            CreatedAt = clock.GetUtcNow(),
        };
        db.HarvestSources.Add(source);
        await db.SaveChangesAsync(ct);
        scheduler.Schedule(source);
        if (command.HarvestNow) scheduler.TriggerNow(source.Id, "registration");
        return UseCaseResult<RegisteredSource>.Done(new RegisteredSource(source, null, organisation));
    }
}
