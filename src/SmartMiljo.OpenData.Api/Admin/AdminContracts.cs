using System.Text.Json;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Credentials;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Api.Admin;

public sealed record CreateOrganisationRequest(
    string Slug, string Name, string OrganisationNumber, string? MunicipalityCode = null,
    PublisherType? PublisherType = null, string? Homepage = null, string? ContactEmail = null, string? ContactPhone = null,
    string? SpatialIri = null);

public sealed record OrganisationResponse(
    Guid Id, string Slug, string Name, string OrganisationNumber, string? MunicipalityCode, PublisherType PublisherType,
    string? Homepage, string? ContactEmail, string? ContactPhone, string? SpatialIri)
{
    public static OrganisationResponse From(Organisation o) => new(o.Id, o.Slug, o.Name, o.OrganisationNumber,
        o.MunicipalityCode, o.PublisherType, o.Homepage, o.ContactEmail, o.ContactPhone, o.SpatialIri);
}

/// <summary>Registers a source and the dataset it feeds.</summary>
public sealed record CreateSourceRequest(
    string Name, string Location, SourceKind Kind = SourceKind.Csv, string? Schedule = null,
    string? SpecificationId = null, string? SpecificationVersion = null,
    string? DatasetSlug = null, string? Title = null, string? TitleEn = null, string? Description = null, string? DescriptionEn = null,
    List<string>? Keywords = null, List<string>? Themes = null, string? License = null, string? ContactEmail = null,
    bool Enabled = true, bool HarvestNow = false, JsonElement? Settings = null)
{
    public RegisterSource ToCommand(Caller caller, string organisationSlug) => new(
        caller, organisationSlug, Name, Location, Kind, Schedule, SpecificationId, SpecificationVersion, DatasetSlug, Title, TitleEn,
        Description, DescriptionEn, Keywords, Themes, License, ContactEmail, null, Enabled, HarvestNow,
        Settings is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given ? given.GetRawText() : null);
}

public sealed record SourceResponse(
    Guid Id, Guid OrganisationId, Guid? DatasetId, string? DatasetSlug, string Name, SourceKind Kind, string Location, string Schedule,
    string? SpecificationId, string? SpecificationVersion, bool Enabled, DateTimeOffset CreatedAt, JsonElement? Settings = null)
{
    /// <summary>The source with its address masked: credentials are never shown again once stored.</summary>
    public static SourceResponse From(SourceView view)
    {
        var s = view.Source;
        return new(s.Id, s.OrganisationId, s.DatasetId, view.DatasetSlug, s.Name, s.Kind, view.MaskedLocation, s.Schedule, s.SpecificationId,
            s.SpecificationVersion, s.Enabled, s.CreatedAt, s.SettingsJson is null ? null : JsonDocument.Parse(s.SettingsJson).RootElement.Clone());
    }
}

/// <summary>One item of a source (file, layer, catalogue record) and the dataset it feeds.</summary>
public sealed record SourceItemResponse(
    string ItemKey, Guid DatasetId, string? Title, SourceItemStatus Status, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt,
    DateTimeOffset? MissingSince, DateTimeOffset? WithdrawnAt, string? LastError)
{
    public static SourceItemResponse From(HarvestSourceItem i) =>
        new(CredentialMask.Mask(i.ItemKey), i.DatasetId, i.Title, i.Status, i.FirstSeenAt, i.LastSeenAt, i.MissingSince, i.WithdrawnAt,
            CredentialMask.MaskOrNull(i.LastError));
}

public sealed record HarvestTriggeredResponse(Guid SourceId, string JobId, string RunsUrl);

public sealed record HarvestStageResponse(
    HarvestStage Stage, string? Item, StageOutcome Outcome, DateTimeOffset StartedAt, double DurationMs, long? Bytes, long? Rows, string? Error);

public sealed record HarvestRunResponse(
    Guid Id, Guid SourceId, HarvestRunStatus Status, string? Trigger, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    long RowsRead, long RowsAccepted, long RowsRejected, long BytesFetched, string? Error, Guid? DatasetVersionId,
    IReadOnlyList<HarvestStageResponse>? Stages, JsonElement? Report,
    int ItemsGathered = 0, int ItemsPublished = 0, int ItemsUnchanged = 0, int ItemsFailed = 0, int ItemsWithdrawn = 0,
    bool Degraded = false, string? SummarySv = null, string? SummaryEn = null)
{
    public static HarvestRunResponse From(HarvestRun r, bool withDetails) => new(
        r.Id, r.SourceId, r.Status, r.Trigger, r.StartedAt, r.FinishedAt, r.RowsRead, r.RowsAccepted, r.RowsRejected,
        r.BytesFetched, CredentialMask.MaskOrNull(r.Error), r.DatasetVersionId,
        withDetails ? r.Stages.OrderBy(s => s.StartedAt).Select(s => new HarvestStageResponse(
            s.Stage, CredentialMask.MaskOrNull(s.ItemKey), s.Outcome, s.StartedAt, s.DurationMs, s.Bytes, s.Rows, CredentialMask.MaskOrNull(s.Error))).ToList() : null,
        withDetails && r.ReportJson is not null ? CredentialMask.MaskJson(r.ReportJson) : null,
        r.ItemsGathered, r.ItemsPublished, r.ItemsUnchanged, r.ItemsFailed, r.ItemsWithdrawn, r.Degraded, CredentialMask.MaskOrNull(r.SummarySv), CredentialMask.MaskOrNull(r.SummaryEn));
}
