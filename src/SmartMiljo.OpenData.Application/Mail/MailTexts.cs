using System.Globalization;
using System.Text;
using SmartMiljo.OpenData.Core.Mail;

namespace SmartMiljo.OpenData.Application.Mail;

/// <summary>A harvest that needs attention, as a publisher reads it in an e-mail.</summary>
public sealed record NoticeLine(string SourceName, string SummarySv, string SummaryEn, DateTimeOffset At, string FixUrl);

/// <summary>
/// The wording of every e-mail the platform sends, in Swedish (<c>sv</c>) and English (<c>en</c>): plain words for
/// people who publish, never system words. An invitation goes to someone whose language is unknown, so it carries both.
/// </summary>
public static class MailTexts
{
    private static bool English(string language) => language == "en";

    public static OutgoingMail Invitation(string to, string organisationName, string inviterName, string acceptUrl, TimeSpan lifetime)
    {
        var days = (int)Math.Round(lifetime.TotalDays);
        var body = new StringBuilder()
            .AppendLine("Hej!").AppendLine()
            .AppendLine($"{inviterName} har bjudit in dig att publicera öppna data för {organisationName}.")
            .AppendLine("Öppna länken nedan och välj ett lösenord för att tacka ja:").AppendLine()
            .AppendLine(acceptUrl).AppendLine()
            .AppendLine($"Länken fungerar en gång och i {Core.Text.NumberFormats.CountSv(days, "dag", "dagar")}. Om du inte väntade dig inbjudan kan du strunta i det här brevet.")
            .AppendLine().AppendLine("-- In English --").AppendLine()
            .AppendLine($"{inviterName} has invited you to publish open data for {organisationName}.")
            .AppendLine("Open the link above and choose a password to accept.")
            .AppendLine($"The link works once and for {Core.Text.NumberFormats.CountEn(days, "day", "days")}. If you did not expect this invitation, you can ignore this e-mail.");
        return new OutgoingMail(to, $"Inbjudan: publicera öppna data för {organisationName} / Invitation to publish open data", body.ToString());
    }

    public static OutgoingMail PasswordReset(string to, string language, string resetUrl, TimeSpan lifetime)
    {
        var hours = (int)Math.Round(lifetime.TotalHours);
        return English(language)
            ? new OutgoingMail(to, "Choose a new password",
                $"Hello,\n\nSomeone (we hope it was you) asked for a new password for this e-mail address.\nOpen the link below to choose one:\n\n{resetUrl}\n\n" +
                $"The link works once and for {Core.Text.NumberFormats.CountEn(hours, "hour", "hours")}. If you did not ask, ignore this e-mail: your password stays as it is.\n")
            : new OutgoingMail(to, "Välj ett nytt lösenord",
                $"Hej!\n\nNågon (förhoppningsvis du) har bett om ett nytt lösenord för den här e-postadressen.\nÖppna länken nedan för att välja ett:\n\n{resetUrl}\n\n" +
                $"Länken fungerar en gång och i {Core.Text.NumberFormats.CountSv(hours, "timme", "timmar")}. Om det inte var du kan du strunta i brevet: ditt lösenord är kvar som förut.\n");
    }

    public static OutgoingMail HarvestNeedsAttention(string to, string language, string organisationName, NoticeLine notice) =>
        English(language)
            ? new OutgoingMail(to, $"Harvest of \"{notice.SourceName}\" needs your attention",
                $"Hello,\n\nThe harvest of \"{notice.SourceName}\" ({organisationName}) needs your attention:\n\n{notice.SummaryEn}\n\n" +
                $"Visitors still see the last good version of the data. To see what happened and fix it, open:\n{notice.FixUrl}\n")
            : new OutgoingMail(to, $"Hämtningen av ”{notice.SourceName}” behöver din uppmärksamhet",
                $"Hej!\n\nHämtningen av ”{notice.SourceName}” ({organisationName}) behöver din uppmärksamhet:\n\n{notice.SummarySv}\n\n" +
                $"Besökarna ser fortfarande den senaste fungerande versionen av datan. Se vad som hände och rätta det här:\n{notice.FixUrl}\n");

    public static OutgoingMail Digest(string to, string language, IReadOnlyList<NoticeLine> notices, TimeZoneInfo zone)
    {
        var english = English(language);
        var culture = CultureInfo.GetCultureInfo(english ? "en-GB" : "sv-SE");
        var body = new StringBuilder(english
            ? $"Hello,\n\n{Count(notices.Count, "harvest", "harvests", culture)} needed your attention since the last summary:\n\n"
            : $"Hej!\n\n{Count(notices.Count, "hämtning", "hämtningar", culture)} har behövt din uppmärksamhet sedan förra sammanfattningen:\n\n");
        foreach (var notice in notices)
        {
            var at = TimeZoneInfo.ConvertTime(notice.At, zone).ToString("g", culture);
            body.AppendLine($"• {notice.SourceName} ({at})")
                .AppendLine("  " + (english ? notice.SummaryEn : notice.SummarySv))
                .AppendLine("  " + notice.FixUrl).AppendLine();
        }
        body.AppendLine(english
            ? "Visitors still see the last good version of each. You get this summary once a day; change that under \"E-mail notices\" on your start page."
            : "Besökarna ser fortfarande den senaste fungerande versionen av varje. Du får den här sammanfattningen en gång om dagen; ändra det under ”E-postaviseringar” på din startsida.");
        return new OutgoingMail(to, english ? "Daily summary: harvests that need your attention" : "Daglig sammanfattning: hämtningar som behöver din uppmärksamhet",
            body.ToString());
    }

    private static string Count(int n, string one, string many, CultureInfo culture) =>
        n.ToString("N0", culture) + " " + (n == 1 ? one : many);
}
