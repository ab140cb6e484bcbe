using System.Text.Json;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Application.Organisations;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Api.Admin;

/// <summary>New details of an organisation; a field left out stays as it is, an empty text removes an optional detail.</summary>
public sealed record EditOrganisationRequest(
    string? Name = null, string? OrganisationNumber = null, string? MunicipalityCode = null, PublisherType? PublisherType = null,
    string? Homepage = null, string? ContactEmail = null, string? ContactPhone = null, string? SpatialIri = null)
{
    public EditOrganisation ToCommand(Caller caller, string slug) =>
        new(caller, slug, Name, OrganisationNumber, MunicipalityCode, PublisherType, Homepage, ContactEmail, ContactPhone, SpatialIri);
}

/// <summary>An organisation's API key; the secret never appears again after it was created.</summary>
public sealed record ApiKeyResponse(Guid Id, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKeyView k) => new(k.Id, k.Prefix, k.CreatedAt, k.CreatedBy, k.RevokedAt);
}

/// <summary>A new key with its secret: shown this once; send it in the X-Api-Key header.</summary>
public sealed record IssuedApiKeyResponse(Guid Id, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, string Secret);

/// <summary>Gives a person a role in the organisation: <c>viewer</c>, <c>publisher</c> or <c>administrator</c>.
/// A person without an account gets one with the given password, or, given none, an invitation by e-mail (when a mail server is configured).</summary>
public sealed record GrantMemberRequest(string? Email, string? Role, string? Name = null, string? Password = null);

/// <param name="InvitationPending">Invited by e-mail (added with no password while a mail server is configured) and not yet accepted.</param>
public sealed record MemberResponse(Guid UserId, string Email, string Name, string Role, string? GrantedThrough, bool InvitationPending)
{
    public static MemberResponse From(MemberView m) => new(m.UserId, m.Email, m.DisplayName, MemberRoles.NameOf(m.Right), m.GrantedThrough, m.InvitationPending);
}

/// <summary>New parts of a source; a field left out stays as it is. A new location, kind or settings is harvested
/// at once into the next version of the same dataset.</summary>
public sealed record EditSourceRequest(
    string? Name = null, string? Location = null, SourceKind? Kind = null, string? Schedule = null, bool? Enabled = null, JsonElement? Settings = null)
{
    public EditSource ToCommand(Caller caller, Guid id) => new(caller, id, Name, Location, Schedule, Enabled, Kind,
        Settings is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given ? given.GetRawText() : null);
}

/// <summary>What withdrawing a dataset did: <c>withdrawn</c> (kept as history, gone from the catalogue) or
/// <c>deleted</c> (a draft never published).</summary>
public sealed record WithdrawnDatasetResponse(Guid Id, string Organisation, string Slug, string Outcome);
