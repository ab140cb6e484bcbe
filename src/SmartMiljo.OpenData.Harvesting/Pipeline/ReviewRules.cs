using System.Globalization;
using SmartMiljo.OpenData.Core.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>Why a loaded version was held back from readers, in plain Swedish and English.</summary>
public sealed record ReviewHold(string Swedish, string English);

/// <summary>
/// Nothing lost silently: a version that looks like a broken delivery rather than a real change is held for
/// a person to approve instead of being published. Two signs: its row count fell sharply from the version
/// readers see (Harvesting:RowDropReviewThreshold), or the file ends mid-record (the reader's
/// <c>endsMidRecord</c> fact: an unclosed quote or a short last line without a line break).
/// </summary>
public static class ReviewRules
{
    public static ReviewHold? Check(LoadedVersion loaded, DatasetVersion? current, double rowDropThreshold) =>
        EndsMidRecord(loaded) ?? RowsDropped(loaded.Rows, current, rowDropThreshold);

    private static ReviewHold? EndsMidRecord(LoadedVersion loaded) => loaded.EndsMidRecordAtRow is { } row
        ? new ReviewHold(
            $"Filen slutar mitt i en rad (rad {row}): den verkar avklippt, så en del av datat kan saknas.",
            $"The file ends in the middle of a row (row {row}): it looks cut off, so part of the data may be missing.")
        : null;

    /// <summary>Held when fewer than (1 - threshold) of the current version's rows remain; a threshold of 1 or
    /// more turns the check off.</summary>
    public static ReviewHold? RowsDropped(long rows, DatasetVersion? current, double threshold)
    {
        if (current is not { RowCount: > 0 } || threshold >= 1 || threshold <= 0) return null;
        if (rows >= current.RowCount * (1 - threshold)) return null;
        var sv = CultureInfo.GetCultureInfo("sv-SE");
        var drop = 1 - (double)rows / current.RowCount;
        return new ReviewHold(
            string.Create(sv, $"Antalet rader föll från {current.RowCount:N0} (version {current.Number}) till {rows:N0}, en minskning med {drop:P0} (gränsen är {threshold:P0})."),
            string.Create(CultureInfo.InvariantCulture, $"The row count fell from {current.RowCount:N0} (version {current.Number}) to {rows:N0}, a drop of {drop:P0} (the limit is {threshold:P0})."));
    }
}
