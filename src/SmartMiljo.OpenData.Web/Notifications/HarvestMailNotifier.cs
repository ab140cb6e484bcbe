using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartMiljo.OpenData.Application.Mail;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Mail;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Notifications;

/// <summary>A person who hears about an organisation's harvests: its publishers and administrators.</summary>
public sealed record NoticeRecipient(Guid UserId, string Email, string Language, NoticeDelivery Delivery);

/// <summary>
/// A harvest that failed, was held back or lost quality: kept for the organisation's start page, and e-mailed at
/// once to each of its publishers who wants that (the others get it in their daily digest, <see cref="NoticeDigestJob"/>).
/// </summary>
public sealed class HarvestMailNotifier(
    CatalogueDbContext catalogue, WebDbContext web, IMailSender mail, MailLinks links, TimeProvider clock,
    ILogger<HarvestMailNotifier> logger) : IHarvestNotifier
{
    public async Task RunNeedsAttentionAsync(HarvestNotice notice, CancellationToken cancellationToken)
    {
        logger.LogWarning("Harvest of {Source} needs attention ({Status}{Degraded}): {Summary}",
            notice.SourceName, notice.Status, notice.Degraded ? ", degraded" : "", notice.SummaryEn);
        var owner = await (from s in catalogue.HarvestSources.AsNoTracking()
                           join o in catalogue.Organisations.AsNoTracking() on s.OrganisationId equals o.Id
                           where s.Id == notice.SourceId
                           select new { o.Id, o.Name }).FirstOrDefaultAsync(cancellationToken);
        if (owner is null) return;

        var (sv, en) = Words(notice);
        var entry = new HarvestNoticeEntry
        {
            OrganisationId = owner.Id, SourceId = notice.SourceId, RunId = notice.RunId, SourceName = notice.SourceName,
            Status = notice.Status.ToString(), Degraded = notice.Degraded, SummarySv = sv, SummaryEn = en, At = clock.GetUtcNow(),
        };
        web.HarvestNotices.Add(entry);
        await web.SaveChangesAsync(cancellationToken);

        if (!mail.IsConfigured) return;
        var line = new NoticeLine(entry.SourceName, entry.SummarySv, entry.SummaryEn, entry.At, links.Absolute(SourcePage(entry.SourceId)));
        foreach (var person in await RecipientsAsync(web, owner.Id, cancellationToken))
        {
            if (person.Delivery != NoticeDelivery.Immediately) continue;
            try { await mail.SendAsync(MailTexts.HarvestNeedsAttention(person.Email, person.Language, owner.Name, line), cancellationToken); }
            catch (MailNotSentException e) { logger.LogWarning("The notice about {Source} was not mailed: {Reason}", notice.SourceName, e.Message); }
        }
    }

    /// <summary>The source's page, where the run's report is and the source is corrected.</summary>
    public static string SourcePage(Guid sourceId) => $"/publicera/kallor/{sourceId}";

    /// <summary>The organisation's publishers and administrators who can read e-mail (not those still invited).</summary>
    public static async Task<IReadOnlyList<NoticeRecipient>> RecipientsAsync(WebDbContext web, Guid organisationId, CancellationToken ct) =>
        await (from m in web.Memberships.AsNoTracking()
               join u in web.Users.AsNoTracking() on m.UserId equals u.Id
               where m.OrganisationId == organisationId && m.Role != OrganisationRole.Viewer && !u.InvitationPending && u.Email != null
               select new NoticeRecipient(u.Id, u.Email!, u.Language, u.NoticeDelivery)).ToListAsync(ct);

    /// <summary>What happened, in plain words first, then the run's own report.</summary>
    private static (string Sv, string En) Words(HarvestNotice notice)
    {
        var (sv, en) = notice.Status switch
        {
            HarvestRunStatus.Failed => ("Hämtningen misslyckades.", "The harvest failed."),
            HarvestRunStatus.HeldForReview => ("Den nya versionen stoppades och väntar på granskning.", "The new version was stopped and awaits review."),
            _ => ("Datans kvalitet har blivit sämre.", "The data's quality has dropped."),
        };
        return ($"{sv} {notice.SummarySv}".Trim(), $"{en} {notice.SummaryEn}".Trim());
    }
}

/// <summary>Once a day: each person who chose the daily digest gets one e-mail listing the harvests that needed
/// attention in her organisations since her last digest (none when there were none).</summary>
public sealed class NoticeDigestJob(WebDbContext web, IMailSender mail, MailLinks links, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<SmartMiljo.OpenData.Harvesting.HarvestOptions> harvest, ILogger<NoticeDigestJob> logger)
{
    public const string RecurringJobId = "notice-digest";

    /// <summary>Every morning at seven, in the instance's time zone.</summary>
    public const string Schedule = "0 7 * * *";

    public async Task RunAsync(CancellationToken ct)
    {
        if (!mail.IsConfigured) return;
        var now = clock.GetUtcNow();
        var people = await web.Users.Where(u => u.NoticeDelivery == NoticeDelivery.DailyDigest && !u.InvitationPending && u.Email != null).ToListAsync(ct);
        var zone = SmartMiljo.OpenData.Harvesting.Scheduling.HarvestScheduler.ResolveTimeZone(harvest.Value.TimeZone);
        foreach (var person in people)
        {
            var since = person.LastDigestAt ?? now.AddDays(-1);
            var organisations = await web.Memberships.Where(m => m.UserId == person.Id && m.Role != OrganisationRole.Viewer).Select(m => m.OrganisationId).ToListAsync(ct);
            var notices = await web.HarvestNotices.AsNoTracking()
                .Where(n => organisations.Contains(n.OrganisationId) && n.At > since && n.At <= now).ToListAsync(ct);
            if (notices.Count > 0)
            {
                var lines = notices.OrderBy(n => n.At)
                    .Select(n => new NoticeLine(n.SourceName, n.SummarySv, n.SummaryEn, n.At, links.Absolute(HarvestMailNotifier.SourcePage(n.SourceId)))).ToList();
                try { await mail.SendAsync(MailTexts.Digest(person.Email!, person.Language, lines, zone), ct); }
                catch (MailNotSentException e)
                {
                    // Kept for tomorrow's digest.
                    logger.LogWarning("The daily digest to a publisher was not sent: {Reason}", e.Message);
                    continue;
                }
            }
            person.LastDigestAt = now;
        }
        await web.SaveChangesAsync(ct);
    }
}
