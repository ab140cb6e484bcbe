namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>The update frequencies a publisher picks from, and the harvest schedule each one means.</summary>
public static class UpdateFrequencies
{
    public const string Hourly = "hourly";
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";

    public sealed record Choice(string Code, string Swedish, string English, string Cron);

    public static readonly IReadOnlyList<Choice> All =
    [
        new(Hourly, "Varje timme", "Every hour", "15 * * * *"),
        new(Daily, "Varje natt", "Every night", "0 3 * * *"),
        new(Weekly, "Varje vecka (måndag natt)", "Every week (Monday night)", "0 3 * * 1"),
        new(Monthly, "Varje månad (den första)", "Every month (the first)", "0 3 1 * *"),
    ];

    public static Choice Find(string? code) => All.FirstOrDefault(c => c.Code == code) ?? All[1];

    /// <summary>The frequency matching a schedule, or null when the schedule was written by hand.</summary>
    public static Choice? FromCron(string cron) => All.FirstOrDefault(c => c.Cron == cron.Trim());
}
