using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Rdf.Metadata;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>What registering a source led to: created, refused with field errors, or a conflict.</summary>
public sealed record SourceRegistrationResult(
    HarvestSource? Source, Dataset? Dataset, IReadOnlyDictionary<string, string[]> Errors, string? Conflict)
{
    public bool Succeeded => Source is not null;
}

/// <summary>
/// Registers a source and the dataset it feeds, with the input rules in one place: the admin API and the
/// web wizard both call it, so a publisher meets the same checks wherever they start.
/// </summary>
public sealed class SourceRegistration(CatalogueDbContext db, ISpecificationRegistry specifications, HarvestScheduler scheduler)
{
    public async Task<SourceRegistrationResult> RegisterAsync(Organisation organisation, CreateSourceRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["The name is required."];
        if (string.IsNullOrWhiteSpace(request.Location)) errors["location"] = ["Give the URL (http or https) or file path of the data."];
        else if (Uri.TryCreate(request.Location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme is not ("http" or "https"))
            errors["location"] = [$"The scheme '{uri.Scheme}' is not supported; use http or https."];
        if (!Enum.IsDefined(request.Kind)) errors["kind"] = [$"Unknown source kind; use one of {string.Join(", ", Enum.GetNames<SourceKind>())}."];
        var settingsJson = request.Settings is { ValueKind: not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined) } given ? given.GetRawText() : null;
        if (SmartMiljo.OpenData.Harvesting.SourceSettings.Validate(request.Kind, settingsJson) is { } settingsError) errors["settings"] = [settingsError];
        var schedule = request.Schedule ?? "0 3 * * *";
        if (!InputRules.IsCron(schedule, out var cronError)) errors["schedule"] = [cronError!];
        if (request.SpecificationId is { } specId && specifications.Find(specId, request.SpecificationVersion) is null)
            errors["specificationId"] = [$"No specification '{specId}'{(request.SpecificationVersion is null ? "" : $" version {request.SpecificationVersion}")}. See /api/specifications."];
        var datasetSlug = request.DatasetSlug ?? InputRules.Slugify(request.Title ?? request.Name ?? "");
        if (!InputRules.IsSlug(datasetSlug)) errors["datasetSlug"] = ["Use lower-case letters, digits and hyphens, e.g. 'badplatser'."];
        if (request.License is { } license && license is not (Licenses.Cc0 or Licenses.CcBy40))
            errors["license"] = [$"Use {Licenses.Cc0} (CC0) or {Licenses.CcBy40} (CC BY 4.0)."];
        // The metadata as it will be stored (defaults from the specification and organisation included).
        var metadataSpec = request.SpecificationId is null ? null : specifications.Find(request.SpecificationId, request.SpecificationVersion);
        foreach (var (field, messages) in MetadataRules.Check(new DatasetMetadata
                 {
                     Title = request.Title ?? metadataSpec?.Title ?? request.Name, TitleEn = request.TitleEn ?? metadataSpec?.TitleEn,
                     Description = request.Description ?? metadataSpec?.Description ?? request.Name, DescriptionEn = request.DescriptionEn ?? metadataSpec?.DescriptionEn,
                     Keywords = request.Keywords ?? [], Themes = request.Themes ?? metadataSpec?.Themes.ToList() ?? [],
                     License = request.License, ContactEmail = request.ContactEmail,
                 }).ToErrors())
            errors.TryAdd(field, messages);
        if (errors.Count > 0) return new SourceRegistrationResult(null, null, errors, null);
        if (await db.Datasets.AnyAsync(d => d.OrganisationId == organisation.Id && d.Slug == datasetSlug, ct))
            return new SourceRegistrationResult(null, null, errors,
                $"The organisation already has a dataset '{datasetSlug}'. Choose another datasetSlug.");

        var spec = request.SpecificationId is null ? null : specifications.Find(request.SpecificationId, request.SpecificationVersion);
        var dataset = new Dataset
        {
            OrganisationId = organisation.Id,
            Slug = datasetSlug,
            Title = request.Title ?? spec?.Title ?? request.Name!,
            TitleEn = request.TitleEn ?? spec?.TitleEn,
            Description = request.Description ?? spec?.Description ?? request.Name!,
            DescriptionEn = request.DescriptionEn ?? spec?.DescriptionEn,
            Keywords = request.Keywords ?? [],
            Themes = request.Themes ?? spec?.Themes.ToList() ?? [],
            SpecificationId = spec?.Id,
            SpecificationVersion = spec?.Version,
            License = request.License ?? Licenses.Cc0,
            ContactEmail = request.ContactEmail ?? organisation.ContactEmail,
        };
        var source = new HarvestSource
        {
            OrganisationId = organisation.Id, DatasetId = dataset.Id, Name = request.Name!.Trim(), Kind = request.Kind,
            Location = request.Location.Trim(), Schedule = schedule, SpecificationId = spec?.Id,
            SpecificationVersion = request.SpecificationVersion, Enabled = request.Enabled, SettingsJson = settingsJson,
        };
        db.Datasets.Add(dataset);
        db.HarvestSources.Add(source);
        await db.SaveChangesAsync(ct);
        scheduler.Schedule(source);
        if (request.HarvestNow) scheduler.TriggerNow(source.Id, "registration");
        return new SourceRegistrationResult(source, dataset, errors, null);
    }
}
