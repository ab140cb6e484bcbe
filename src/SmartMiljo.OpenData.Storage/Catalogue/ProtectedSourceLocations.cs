using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>
/// Keeps credentials in source addresses protected at rest: a location holding a secret is protected when
/// saved and revealed when read, so the harvester and the use cases only ever see the plain address and the
/// database only the protected one. Rows written before protection existed read as they are and are
/// protected at their next save. One instance serves every context of a process (EF keeps materialization
/// interceptors in its internal service provider), so it holds no state between calls.
/// </summary>
public sealed class ProtectedSourceLocations(ISecretProtector protector) : IMaterializationInterceptor, ISaveChangesInterceptor
{
    private static readonly PropertyInfo LocationProperty = typeof(HarvestSource).GetProperty(nameof(HarvestSource.Location))!;

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is HarvestSource source && protector.IsProtected(source.Location))
            LocationProperty.SetValue(source, protector.Reveal(source.Location));
        return entity;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ProtectPending(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ProtectPending(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RestorePlain(eventData.Context, saved: true);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RestorePlain(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => RestorePlain(eventData.Context, saved: false);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        RestorePlain(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    private void ProtectPending(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<HarvestSource>().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var location = entry.Property(s => s.Location);
            var plain = location.CurrentValue;
            if (entry.State == EntityState.Modified)
            {
                var original = location.OriginalValue ?? "";
                var unchanged = Reveal(original) == plain;
                // Read revealed: not a change. A legacy plain secret is protected now that the row is written anyway,
                // or when the use cases ask for it (marked modified).
                if (unchanged && (protector.IsProtected(original) || !protector.HoldsSecret(plain)))
                {
                    location.IsModified = false;
                    continue;
                }
            }
            if (!protector.HoldsSecret(plain)) continue;
            location.CurrentValue = protector.Protect(plain);
        }
    }

    /// <summary>After the write, the entities hold the plain address again (unchanged when it was saved).</summary>
    private void RestorePlain(DbContext? context, bool saved)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<HarvestSource>().ToList())
        {
            var location = entry.Property(s => s.Location);
            if (!protector.IsProtected(location.CurrentValue)) continue;
            var plain = Reveal(location.CurrentValue);
            location.CurrentValue = plain;
            if (saved && entry.State == EntityState.Modified)
            {
                location.OriginalValue = plain;
                location.IsModified = false;
            }
        }
    }

    private string Reveal(string stored)
    {
        try { return protector.Reveal(stored); }
        catch (System.Security.Cryptography.CryptographicException) { return stored; }
    }
}
