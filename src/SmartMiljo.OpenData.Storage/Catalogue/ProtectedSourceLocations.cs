using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>
/// Keeps credentials in source addresses protected at rest: a location holding a secret is protected when
/// saved and revealed when read, so the harvester and the use cases only ever see the plain address and the
/// database only the protected one. Rows written before protection existed read as they are and are
/// protected at their next save. One instance serves every context of the process (EF builds an internal
/// service provider per distinct materialization interceptor, and a process may host several platforms, as
/// the tests do), so it holds no state and finds each context's protector among that context's application
/// services.
/// </summary>
public sealed class ProtectedSourceLocations : IMaterializationInterceptor, ISaveChangesInterceptor
{
    public static ProtectedSourceLocations Instance { get; } = new();

    private ProtectedSourceLocations() { }

    private static ISecretProtector? ProtectorOf(DbContext? context) =>
        context?.GetService<IDbContextOptions>().FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()
            ?.ApplicationServiceProvider?.GetService(typeof(ISecretProtector)) as ISecretProtector;

    private static readonly PropertyInfo LocationProperty = typeof(HarvestSource).GetProperty(nameof(HarvestSource.Location))!;

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is HarvestSource source && ProtectorOf(materializationData.Context) is { } protector && protector.IsProtected(source.Location))
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

    private static void ProtectPending(DbContext? context)
    {
        if (ProtectorOf(context) is not { } protector) return;
        foreach (var entry in context!.ChangeTracker.Entries<HarvestSource>().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var location = entry.Property(s => s.Location);
            var plain = location.CurrentValue;
            if (entry.State == EntityState.Modified)
            {
                var original = location.OriginalValue ?? "";
                var unchanged = Reveal(protector, original) == plain;
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
    private static void RestorePlain(DbContext? context, bool saved)
    {
        if (ProtectorOf(context) is not { } protector) return;
        foreach (var entry in context!.ChangeTracker.Entries<HarvestSource>().ToList())
        {
            var location = entry.Property(s => s.Location);
            if (!protector.IsProtected(location.CurrentValue)) continue;
            var plain = Reveal(protector, location.CurrentValue);
            location.CurrentValue = plain;
            if (saved && entry.State == EntityState.Modified)
            {
                location.OriginalValue = plain;
                location.IsModified = false;
            }
        }
    }

    private static string Reveal(ISecretProtector protector, string stored)
    {
        try { return protector.Reveal(stored); }
        catch (System.Security.Cryptography.CryptographicException) { return stored; }
    }
}
