using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Application;
using SmartMiljo.OpenData.Application.People;
using SmartMiljo.OpenData.Application.Sources;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Pages.Publish;

/// <summary>The signed-in start page: the user's organisations, their sources and unfinished drafts.</summary>
public sealed class PublishIndexModel(
    CatalogueDbContext db, WebDbContext web, OrganisationAccess access, SourceQueries queries, ApiKeyOperations keyOperations) : PageModel
{
    public sealed record SourceRow(Guid Id, string Name, bool Enabled, string Schedule, DateTimeOffset? LastRunAt, HarvestRunStatus? LastStatus);
    public sealed record OrganisationRow(Guid Id, string Name, string Role, IReadOnlyList<SourceRow> Sources, IReadOnlyList<ApiKeyView> Keys);
    public sealed record DraftRow(string Url, string? Title, string? File, string Organisation, DateTimeOffset UpdatedAt);

    public IReadOnlyList<OrganisationRow> Organisations { get; private set; } = [];
    public IReadOnlyList<Guid> PublisherOrganisations { get; private set; } = [];
    public IReadOnlyList<DraftRow> Drafts { get; private set; } = [];
    public bool IsAdministrator { get; private set; }
    public string? NewKey { get; private set; }

    /// <summary>Issues an admin-API key for an organisation the user publishes for; shown once.</summary>
    public async Task<IActionResult> OnPostCreateKeyAsync(Guid organisationId, [FromServices] ApiKeyOperations keys, CancellationToken ct)
    {
        var result = await keys.IssueAsync(await access.CallerAsync(User, ct), await access.OrganisationSlugAsync(organisationId, ct) ?? "", ct);
        if (!result.Succeeded) return Forbid();
        NewKey = result.Value!.Secret;
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync(Guid organisationId, Guid keyId, [FromServices] ApiKeyOperations keys, CancellationToken ct)
    {
        var result = await keys.RevokeAsync(await access.CallerAsync(User, ct), await access.OrganisationSlugAsync(organisationId, ct) ?? "", keyId, ct);
        if (result.Status is UseCaseStatus.Forbidden) return Forbid();
        return Redirect("/publicera");
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var memberships = await access.MembershipsAsync(User, ct);
        IsAdministrator = memberships is null;
        // What the user may see comes from the use cases' authorisation, as for the admin API.
        var caller = await access.CallerAsync(User, ct);
        var organisations = (await queries.OrganisationsAsync(caller, ct)).OrderBy(o => o.Name).ToList();
        var ids = organisations.Select(o => o.Id).ToList();
        var sources = (await queries.SourcesAsync(caller, null, ct)).Select(v => v.Source).OrderBy(s => s.Name).ToList();
        var sourceIds = sources.Select(s => s.Id).ToList();
        var lastRuns = (await db.HarvestRuns.AsNoTracking().Where(r => sourceIds.Contains(r.SourceId))
                .Select(r => new { r.SourceId, r.StartedAt, r.Status }).ToListAsync(ct))
            .GroupBy(r => r.SourceId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.StartedAt)!);

        var activeKeys = new Dictionary<Guid, IReadOnlyList<ApiKeyView>>();
        foreach (var o in organisations)
            if (await keyOperations.ListAsync(caller, o.Slug, includeRevoked: false, ct) is { Succeeded: true } listed) activeKeys[o.Id] = listed.Value!;
        Organisations = organisations.Select(o => new OrganisationRow(o.Id, o.Name,
            memberships is null ? Labels.L("administratör", "administrator")
                : memberships[o.Id].Label(),
            sources.Where(s => s.OrganisationId == o.Id).Select(s => new SourceRow(s.Id, s.Name, s.Enabled, s.Schedule,
                lastRuns.GetValueOrDefault(s.Id)?.StartedAt, lastRuns.GetValueOrDefault(s.Id)?.Status)).ToList(),
            activeKeys.GetValueOrDefault(o.Id) ?? [])).ToList();
        PublisherOrganisations = memberships is null ? ids : memberships.Where(m => m.Value >= OrganisationRole.Publisher).Select(m => m.Key).ToList();

        var publisherIds = PublisherOrganisations.ToList();
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        Drafts = (await web.Drafts.AsNoTracking().Where(d => publisherIds.Contains(d.OrganisationId) && d.Step != DraftStep.Published)
                .ToListAsync(ct))
            .OrderByDescending(d => d.UpdatedAt)
            .Select(d => new DraftRow(d.Step >= DraftStep.Metadata ? $"/publicera/utkast/{d.Id}/metadata" : $"/publicera/utkast/{d.Id}/granska",
                d.Title, d.OriginalFileName, names.GetValueOrDefault(d.OrganisationId, ""), d.UpdatedAt)).ToList();
    }
}
