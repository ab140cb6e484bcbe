using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Rdf.Tests.Dcat;

public sealed class FrequencyFromCronTests
{
    [Theory]
    [InlineData("* * * * *", "UPDATE_CONT")]
    [InlineData("*/15 * * * *", "UPDATE_CONT")]
    [InlineData("0 * * * *", "UPDATE_CONT")]
    [InlineData("@hourly", "UPDATE_CONT")]
    [InlineData("0 6,18 * * *", "DAILY_2")]
    [InlineData("0 4 * * *", "DAILY")]
    [InlineData("@daily", "DAILY")]
    [InlineData("30 3 * * 1-5", "DAILY")]
    [InlineData("0 0 4 * * *", "DAILY")] // six fields, seconds first
    [InlineData("0 4 * * MON,WED,FRI", "WEEKLY_3")]
    [InlineData("0 4 * * 2,5", "WEEKLY_2")]
    [InlineData("0 4 * * 0", "WEEKLY")]
    [InlineData("0 4 * * 7", "WEEKLY")]
    [InlineData("@weekly", "WEEKLY")]
    [InlineData("0 4 1,11,21 * *", "MONTHLY_3")]
    [InlineData("0 4 1,15 * *", "MONTHLY_2")]
    [InlineData("0 4 1 * *", "MONTHLY")]
    [InlineData("0 4 1 */2 *", "BIMONTHLY")]
    [InlineData("0 4 1 1,4,7,10 *", "QUARTERLY")]
    [InlineData("0 4 1 JAN,MAY,SEP *", "ANNUAL_3")]
    [InlineData("0 4 1 1,7 *", "ANNUAL_2")]
    [InlineData("0 4 1 1 *", "ANNUAL")]
    [InlineData("@yearly", "ANNUAL")]
    [InlineData("@reboot", "IRREG")]
    public void Maps_schedules_to_EU_frequencies(string cron, string expected)
    {
        Assert.Equal(expected, DcatFrequency.FrequencyFromCron(cron));
        Assert.Contains(expected, DcatVocabularies.Frequencies);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0 4 * *", "5 fields")]
    [InlineData("61 4 * * *", "minute")]
    [InlineData("0 25 * * *", "hour")]
    [InlineData("0 4 * 13 *", "month")]
    [InlineData("0 4 * * FUNDAY", "day of week")]
    [InlineData("0 4 10-5 * *", "backwards")]
    [InlineData("*/0 * * * *", "step")]
    public void Rejects_invalid_cron_with_a_clear_message(string cron, string reason)
    {
        var e = Assert.Throws<FormatException>(() => DcatFrequency.FrequencyFromCron(cron));
        Assert.Contains(reason, e.Message);
    }
}
