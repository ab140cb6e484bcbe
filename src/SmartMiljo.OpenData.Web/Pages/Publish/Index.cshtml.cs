using Microsoft.AspNetCore.Identity;
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
    CatalogueDbContext db, WebDbContext web, OrganisationAccess access, SourceQueries queries, ApiKeyOperations keyOperations, AuditLog audit,
    TimeProvider clock) : PageModel
{
    public sealed record SourceRow(Guid Id, string Name, bool Enabled, string Schedule, DateTimeOffset? LastRunAt, HarvestRunStatus? LastStatus);
    public sealed record OrganisationRow(Guid Id, string Slug, string Name, string Role, IReadOnlyList<SourceRow> Sources, IReadOnlyList<ApiKeyView> Keys);
    public sealed record DraftRow(Guid Id, string Url, string? Title, string? File, string Organisation, DateTimeOffset UpdatedAt);

    public IReadOnlyList<OrganisationRow> Organisations { get; private set; } = [];
    public IReadOnlyList<Guid> PublisherOrganisations { get; private set; } = [];

    /// <summary>Organisations whose details and members the user manages (their administrator, or the instance's).</summary>
    public IReadOnlyList<Guid> ManagedOrganisations { get; private set; } = [];
    public IReadOnlyList<DraftRow> Drafts { get; private set; } = [];
    public bool IsAdministrator { get; private set; }
    public string? NewKey { get; private set; }

    /// <summary>Harvests of the user's organisations that needed attention in the last two weeks, newest first.</summary>
    public IReadOnlyList<HarvestNoticeEntry> Notices { get; private set; } = [];
    public NoticeDelivery Delivery { get; private set; }
    public string MailLanguageChoice { get; private set; } = MailLanguage.Swedish;

    public async Task<IActionResult> OnPostNoticeSettingsAsync(NoticeDelivery delivery, string? language, [FromServices] UserManager<WebUser> users, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user) return Forbid();
        user.NoticeDelivery = Enum.IsDefined(delivery) ? delivery : NoticeDelivery.Immediately;
        user.Language = MailLanguage.Of(language);
        await users.UpdateAsync(user);
        TempData["PublishMessage"] = Labels.L("Dina val för e-postaviseringar är sparade.", "Your e-mail notice choices are saved.");
        return Redirect("/publicera");
    }
    public string? Message { get; private set; }

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

    /// <summary>Deletes an unfinished draft and its uploaded file; a published draft's file is its source's data and stays.</summary>
    public async Task<IActionResult> OnPostDeleteDraftAsync(Guid draftId, [FromServices] TimeProvider clock, [FromServices] Microsoft.Extensions.Options.IOptions<WebOptions> options,
        CancellationToken ct)
    {
        var draft = await web.Drafts.FirstOrDefaultAsync(d => d.Id == draftId && d.Step != DraftStep.Published, ct);
        if (draft is null) return NotFound();
        var caller = await access.CallerAsync(User, ct);
        if (!caller.May(Application.Access.Permission.Change, draft.OrganisationId)) return Forbid();
        web.Drafts.Remove(draft);
        await web.SaveChangesAsync(ct);
        var folder = DraftUploads.FolderOf(options.Value.DataDirectory, draft.Id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        await audit.RecordAsync(User, draft.OrganisationId, "draft.delete", draft.Title ?? draft.OriginalFileName ?? draft.Id.ToString(), null, ct);
        TempData["PublishMessage"] = Labels.L("Utkastet är borttaget.", "The draft is deleted.");
        return Redirect("/publicera");
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["PublishMessage"] as string;
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
        Organisations = organisations.Select(o => new OrganisationRow(o.Id, o.Slug, o.Name,
            memberships is null ? Labels.L("administratör", "administrator")
                : memberships[o.Id].Label(),
            sources.Where(s => s.OrganisationId == o.Id).Select(s => new SourceRow(s.Id, s.Name, s.Enabled, s.Schedule,
                lastRuns.GetValueOrDefault(s.Id)?.StartedAt, lastRuns.GetValueOrDefault(s.Id)?.Status)).ToList(),
            activeKeys.GetValueOrDefault(o.Id) ?? [])).ToList();
        PublisherOrganisations = memberships is null ? ids : memberships.Where(m => m.Value >= OrganisationRole.Publisher).Select(m => m.Key).ToList();

        ManagedOrganisations = ids.Where(id => caller.May(Application.Access.Permission.Manage, id)).ToList();
        var noticeOrganisations = PublisherOrganisations.ToList();
        var twoWeeksAgo = clock.GetUtcNow().AddDays(-14);
        Notices = await web.HarvestNotices.AsNoTracking().Where(n => noticeOrganisations.Contains(n.OrganisationId) && n.At >= twoWeeksAgo)
            .OrderByDescending(n => n.At).Take(20).ToListAsync(ct);
        if (OrganisationAccess.UserId(User) is { } userId && await web.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) is { } me)
            (Delivery, MailLanguageChoice) = (me.NoticeDelivery, me.Language);
        var publisherIds = PublisherOrganisations.ToList();
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        Drafts = (await web.Drafts.AsNoTracking().Where(d => publisherIds.Contains(d.OrganisationId) && d.Step != DraftStep.Published)
                .ToListAsync(ct))
            .OrderByDescending(d => d.UpdatedAt)
            .Select(d => new DraftRow(d.Id, d.Step >= DraftStep.Metadata ? $"/publicera/utkast/{d.Id}/metadata" : $"/publicera/utkast/{d.Id}/granska",
                d.Title, d.OriginalFileName, names.GetValueOrDefault(d.OrganisationId, ""), d.UpdatedAt)).ToList();
    }
}
