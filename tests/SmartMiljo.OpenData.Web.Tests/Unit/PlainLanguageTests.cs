using System.Globalization;
using System.Reflection;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Specifications.Validation;
using SmartMiljo.OpenData.Specifications.Validation.Messages;
using SmartMiljo.OpenData.Web.Catalogue;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Tests.Unit;

/// <summary>Issue 17: no raw system words on the pages. Every state the system names is said in plain
/// Swedish and English, numbers are written as each language writes them, schedules in words.</summary>
public sealed class PlainLanguageTests : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

    private static void Speak(string culture) => CultureInfo.CurrentUICulture = new CultureInfo(culture);

    public void Dispose() => CultureInfo.CurrentUICulture = _before;

    [Fact]
    public void Every_run_status_stage_outcome_kind_and_severity_has_swedish_words_and_distinct_english_ones()
    {
        Speak("sv-SE");
        foreach (var status in Enum.GetValues<HarvestRunStatus>())
            Assert.NotEqual(status.ToString(), PlainLanguage.RunStatus(status));
        foreach (var stage in Enum.GetValues<HarvestStage>())
            Assert.NotEqual(stage.ToString(), PlainLanguage.Stage(stage));
        foreach (var outcome in Enum.GetValues<StageOutcome>())
            Assert.NotEqual(outcome.ToString(), PlainLanguage.Outcome(outcome));
        foreach (var kind in Enum.GetValues<SourceKind>().Where(k => k != SourceKind.GeoJson))
            Assert.NotEqual(kind.ToString(), PlainLanguage.Kind(kind));
        Assert.Equal(3, Enum.GetValues<IssueSeverity>().Select(PlainLanguage.Severity).Distinct().Count());
        Speak("en-GB");
        Assert.Equal("Succeeded, with remarks", PlainLanguage.RunStatus(HarvestRunStatus.SucceededWithWarnings));
        Assert.Equal(Enum.GetValues<HarvestRunStatus>().Length, Enum.GetValues<HarvestRunStatus>().Select(PlainLanguage.RunStatus).Distinct().Count());
        Assert.Equal(Enum.GetValues<SourceKind>().Length, Enum.GetValues<SourceKind>().Select(PlainLanguage.Kind).Distinct().Count());
    }

    [Fact]
    public void Statuses_and_triggers_follow_the_page_language()
    {
        Speak("sv-SE");
        Assert.Equal("Misslyckades", PlainLanguage.RunStatus(HarvestRunStatus.Failed));
        Assert.Equal("Lyckades, med anmärkningar", PlainLanguage.RunStatus(HarvestRunStatus.SucceededWithWarnings));
        Assert.StartsWith("Oförändrad", PlainLanguage.RunStatus(HarvestRunStatus.Unchanged));
        Assert.Equal("Startad på webben", PlainLanguage.Trigger("web"));
        Assert.Equal("Första hämtningen", PlainLanguage.Trigger("registration"));
        Assert.Equal("Enligt schemat", PlainLanguage.Trigger("schedule"));
        Speak("en-GB");
        Assert.Equal("Failed", PlainLanguage.RunStatus(HarvestRunStatus.Failed));
        Assert.Equal("Started on the web", PlainLanguage.Trigger("web"));
        Assert.Equal("First harvest", PlainLanguage.Trigger("registration"));
    }

    [Theory]
    [InlineData("0 3 * * *", "varje natt kl. 03", "every night at 03:00")]
    [InlineData("30 14 * * *", "varje dag kl. 14.30", "every day at 14:30")]
    [InlineData("15 * * * *", "varje timme, 15 minuter över", "every hour, 15 minutes past")]
    [InlineData("0 3 * * 1", "varje måndag kl. 03", "every Monday at 03:00")]
    [InlineData("0 3 1 * *", "den 1:a varje månad kl. 03", "on day 1 of every month at 03:00")]
    [InlineData("0 0 3 * * *", "varje natt kl. 03", "every night at 03:00")]
    [InlineData("*/5 * * * 1-5", "enligt ett eget schema (*/5 * * * 1-5)", "on a custom schedule (*/5 * * * 1-5)")]
    public void Schedules_are_said_in_words(string cron, string swedish, string english)
    {
        Speak("sv-SE");
        Assert.Equal(swedish, PlainLanguage.Schedule(cron));
        Speak("en-GB");
        Assert.Equal(english, PlainLanguage.Schedule(cron));
    }

    [Fact]
    public void The_next_run_is_the_next_occurrence_in_the_harvesters_time_zone()
    {
        var stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        // 7 December 2026, 22:30 UTC = 23:30 in Stockholm: the next 03:00 there is 02:00 UTC on the 8th.
        var next = PlainLanguage.NextRun("0 3 * * *", new DateTimeOffset(2026, 12, 7, 22, 30, 0, TimeSpan.Zero), stockholm);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero), next);
        Assert.Null(PlainLanguage.NextRun("not a schedule", DateTimeOffset.UnixEpoch, stockholm));
    }

    [Fact]
    public void Swedish_groups_thousands_with_a_non_breaking_space_and_counts_agree_with_their_noun()
    {
        Speak("sv-SE");
        Assert.Equal("2\u00A0000", PlainLanguage.Number(2000));
        Assert.Equal("1 rad", PlainLanguage.Rows(1));
        Assert.Equal("2 rader", PlainLanguage.Rows(2));
        Assert.Equal("1\u00A0234\u00A0567 rader", PlainLanguage.Rows(1_234_567));
        Assert.Equal("1 organisation", PlainLanguage.Count(1, "organisation", "organisationer", "organisation", "organisations"));
        Assert.Equal("2 organisationer", PlainLanguage.Count(2, "organisation", "organisationer", "organisation", "organisations"));
        Speak("en-GB");
        Assert.Equal("2,000", PlainLanguage.Number(2000));
        Assert.Equal("1 row", PlainLanguage.Rows(1));
        Assert.Equal("0 rows", PlainLanguage.Rows(0));
    }

    [Fact]
    public void Every_issue_code_the_validator_knows_has_a_title_in_both_languages()
    {
        var codes = typeof(IssueCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.True(IssueTitles.Has(code), $"{code} has no title"));
        Assert.All(codes, code => Assert.NotEqual(IssueTitles.Of(code).Sv, IssueTitles.Of(code).En));
    }

    [Fact]
    public void A_report_is_grouped_by_problem_heaviest_first_with_real_counts()
    {
        static ValidationIssue Issue(string code, IssueSeverity severity, long? row) => new()
        {
            Code = code, Severity = severity, Row = row, Message = code, MessageEn = code,
        };
        // One real error among 31 notes (the case in issue 17), plus a blocking problem.
        var report = new ValidationReport
        {
            Verdict = ValidationVerdict.Blocked, RowsRead = 40, RowsValid = 39, RowsInvalid = 1,
            Errors = [.. Enumerable.Range(1, 20).Select(i => Issue(IssueCodes.ValueNormalised, IssueSeverity.Warning, null)),
                Issue(IssueCodes.TypeError, IssueSeverity.Error, 7), Issue(IssueCodes.TooManyInvalidRows, IssueSeverity.Blocking, null)],
            Totals = new Dictionary<string, long>
            {
                [IssueCodes.ValueNormalised] = 31, [IssueCodes.TypeError] = 1, [IssueCodes.TooManyInvalidRows] = 1,
            },
        };
        var view = ReportView.Private(report);
        Assert.Equal([IssueCodes.TooManyInvalidRows, IssueCodes.TypeError, IssueCodes.ValueNormalised], view.Groups.Select(g => g.Code));
        Assert.Equal(31, view.Groups[2].Count); // the real count, not the 20 listed
        Assert.Equal(31, view.CountOf(IssueSeverity.Warning));
        Assert.Equal(1, view.CountOf(IssueSeverity.Error));
        Assert.Equal(1, view.CountOf(IssueSeverity.Blocking));
        Assert.Single(view.Notes);
        Assert.Equal(2, view.Serious.Count());
    }
}
