using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Harvesting.Scheduling;

/// <summary>
/// Deletes what killed runs leave behind: scratch files in the work folder, half-written download files
/// (<c>.name.guid.tmp</c> in a folder download store) and half-received uploads (<c>.upload-guid</c> in a
/// file drop). Only files untouched for <see cref="HarvestOptions.OrphanFileAge"/> and older than the start of
/// every run still under way, so nothing a live run or upload is writing is touched. At start-up and then
/// every <see cref="HarvestOptions.OrphanSweepInterval"/>.
/// </summary>
public sealed class OrphanedFileSweeper(
    IServiceScopeFactory scopes, IOptions<HarvestOptions> options, TimeProvider clock, ILogger<OrphanedFileSweeper> logger)
    : BackgroundService
{
    /// <summary>Sweeps once; returns how many files were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var opts = options.Value;
        var cutoff = clock.GetUtcNow() - opts.OrphanFileAge;
        var liveSince = clock.GetUtcNow() - opts.HeartbeatTimeout;
        var oldestLive = await db.HarvestRuns.AsNoTracking()
            .Where(r => r.Status == HarvestRunStatus.Running && r.HeartbeatAt > liveSince)
            .Select(r => (DateTimeOffset?)r.StartedAt).OrderBy(t => t).FirstOrDefaultAsync(cancellationToken);
        if (oldestLive is { } started && started < cutoff) cutoff = started;

        var deleted = Sweep(opts.WorkDirectory, "*", cutoff, recursive: false);
        if (scope.ServiceProvider.GetService<IDownloadStore>() is FileSystemDownloadStore folder)
            deleted += Sweep(folder.RootDirectory, ".*.tmp", cutoff, recursive: true);
        var drops = await db.HarvestSources.AsNoTracking().Where(s => s.Kind == SourceKind.FileDrop).Select(s => s.Location).ToListAsync(cancellationToken);
        foreach (var drop in drops.Distinct(StringComparer.Ordinal))
            deleted += Sweep(drop, ".upload-*", cutoff, recursive: false);
        if (deleted > 0) logger.LogInformation("Deleted {Count} file(s) left behind by interrupted runs or uploads.", deleted);
        return deleted;
    }

    private int Sweep(string directory, string pattern, DateTimeOffset cutoff, bool recursive)
    {
        var deleted = 0;
        try
        {
            if (!Directory.Exists(directory)) return 0;
            var search = new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = 0, IgnoreInaccessible = true };
            foreach (var path in Directory.EnumerateFiles(directory, pattern, search))
            {
                try
                {
                    if (File.GetLastWriteTimeUtc(path) >= cutoff.UtcDateTime) continue;
                    File.Delete(path);
                    deleted++;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    logger.LogDebug(ex, "Could not delete {Path}.", path);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            logger.LogWarning(ex, "Could not sweep {Directory}.", directory);
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OrphanSweepInterval, clock);
        do
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Sweeping orphaned files failed."); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
