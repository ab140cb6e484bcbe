using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>Counts of what a run did to its items, for the run record and its report.</summary>
public sealed class RunTally
{
    public int Published { get; private set; }
    public int Unchanged { get; private set; }
    public int Recorded { get; private set; }
    public int Failed { get; private set; }
    public int Withdrawn { get; set; }
    public bool Warnings { get; set; }
    public List<string> WithdrawnTitles { get; } = [];

    /// <summary>Items gone from the source but still within the grace period.</summary>
    public List<string> Missing { get; } = [];

    /// <summary>A smaller share of rows passed validation than in the last run.</summary>
    public bool QualityDropped { get; set; }

    /// <summary>Items published without (all of) their download files; they are served on the fly
    /// until a later run generates the files.</summary>
    public List<string> DownloadFailures { get; } = [];

    /// <summary>What each new version changed against the one published before it.</summary>
    public List<(string Title, VersionDiff Diff)> Changes { get; } = [];

    /// <summary>Items whose new version was held back for review, with why.</summary>
    public List<(string Title, ReviewHold Why)> Held { get; } = [];

    public void Count(ItemOutcome outcome)
    {
        switch (outcome)
        {
            case ItemOutcome.Published: Published++; break;
            case ItemOutcome.Unchanged: Unchanged++; break;
            case ItemOutcome.Recorded: Recorded++; break;
            case ItemOutcome.Held: break; // listed in Held
            default: Failed++; break;
        }
    }
}

/// <summary>A run explained in plain Swedish and English, for the run list and notifications.</summary>
public static class RunReport
{
    public static (string Swedish, string English) Summarise(HarvestRun run, RunTally tally)
    {
        var sv = new List<string>();
        var en = new List<string>();
        switch (run.Status)
        {
            case HarvestRunStatus.Failed:
                sv.Add("Skördningen misslyckades; den senast publicerade versionen visas fortfarande.");
                en.Add("The harvest failed; the last published version is still served.");
                break;
            case HarvestRunStatus.Unchanged:
                sv.Add("Källan var oförändrad; ingen ny version skapades.");
                en.Add("The source was unchanged; no new version was made.");
                break;
            case HarvestRunStatus.HeldForReview:
                sv.Add("En ny version hålls för granskning och har inte publicerats; den senast publicerade versionen visas fortfarande. Godkänn den i administrationen om den stämmer, annars rätta källan.");
                en.Add("A new version is held for review and has not been published; the last published version is still served. Approve it in the administration if it is right, otherwise correct the source.");
                break;
            case HarvestRunStatus.SucceededWithWarnings:
                sv.Add("Skördningen lyckades delvis eller med varningar.");
                en.Add("The harvest succeeded partly or with warnings.");
                break;
            default:
                sv.Add("Skördningen lyckades.");
                en.Add("The harvest succeeded.");
                break;
        }
        if (run.ItemsGathered > 1 || tally.Withdrawn > 0 || tally.Missing.Count > 0)
        {
            sv.Add($"Poster i källan: {run.ItemsGathered}; publicerade eller uppdaterade: {tally.Published + tally.Recorded}; oförändrade: {tally.Unchanged}; misslyckade: {tally.Failed}.");
            en.Add($"Items at the source: {run.ItemsGathered}; published or updated: {tally.Published + tally.Recorded}; unchanged: {tally.Unchanged}; failed: {tally.Failed}.");
        }
        if (run.RowsRead > 0)
        {
            sv.Add($"{Core.Text.NumberFormats.CountSv(run.RowsRead, "rad", "rader")} lästes, {Core.Text.NumberFormats.Whole(run.RowsAccepted, false)} godkändes och {Core.Text.NumberFormats.Whole(run.RowsRejected, false)} avvisades.");
            en.Add($"{Core.Text.NumberFormats.CountEn(run.RowsRead, "row was", "rows were")} read, {Core.Text.NumberFormats.Whole(run.RowsAccepted, true)} accepted and {Core.Text.NumberFormats.Whole(run.RowsRejected, true)} rejected.");
        }
        foreach (var (title, diff) in tally.Changes)
        {
            var (changesSv, changesEn) = diff.Describe(run.StartedAt);
            sv.Add(tally.Changes.Count == 1 ? $"Ändringar: {changesSv}." : $"{title}: {changesSv}.");
            en.Add(tally.Changes.Count == 1 ? $"Changes: {changesEn}." : $"{title}: {changesEn}.");
        }
        foreach (var (title, why) in tally.Held)
        {
            sv.Add($"{title}: {why.Swedish}");
            en.Add($"{title}: {why.English}");
        }
        if (tally.QualityDropped)
        {
            sv.Add("Kvaliteten har försämrats: en mindre andel rader klarade valideringen än förra gången.");
            en.Add("Quality has dropped: a smaller share of rows passed validation than last time.");
        }
        if (tally.DownloadFailures.Count > 0)
        {
            sv.Add($"Data publicerades men nedladdningsfilerna kunde inte skapas ({string.Join("; ", tally.DownloadFailures)}); nedladdningar skapas direkt ur databasen tills nästa skördning skapar filerna.");
            en.Add($"The data was published but its download files could not be generated ({string.Join("; ", tally.DownloadFailures)}); downloads are produced straight from the database until the next harvest generates the files.");
        }
        if (tally.Withdrawn > 0)
        {
            sv.Add($"Avpublicerade eftersom de försvunnit ur källan: {string.Join(", ", tally.WithdrawnTitles)}.");
            en.Add($"Withdrawn because they are gone from the source: {string.Join(", ", tally.WithdrawnTitles)}.");
        }
        if (tally.Missing.Count > 0)
        {
            sv.Add($"Saknas i källan men ligger kvar under karenstiden: {string.Join(", ", tally.Missing)}.");
            en.Add($"Missing from the source but kept during the grace period: {string.Join(", ", tally.Missing)}.");
        }
        if (run.Error is { } error)
        {
            sv.Add($"Orsak (tekniskt, på engelska): {error}");
            en.Add($"Cause: {error}");
        }
        return (string.Join(" ", sv), string.Join(" ", en));
    }
}
