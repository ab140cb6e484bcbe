using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Core.Ports;

public enum RowChangeKind { Added, Removed, Changed }

/// <summary>What a comparison of two versions' tables found: row counts by kind, and whether rows were matched by
/// the specification's key (otherwise by their whole content, where an edited row is one removed and one added).</summary>
public readonly record struct RowChangeCounts(long Added, long Removed, long Changed, bool ByKey);

/// <summary>
/// One changed row: its number in the version it comes from (the new one; the previous one for a removed row),
/// the columns whose value changed (changed rows only), and its values aligned with the new version's fields. A
/// removed row has no value in columns the new version added or retyped.
/// </summary>
public sealed record RowChange(RowChangeKind Kind, long RowNumber, IReadOnlyList<string> ChangedColumns, object?[] Values);

/// <summary>
/// The changes between two versions' row tables, computed in the database (one statement over both tables) and
/// kept beside the new version's table, which they share the life of.
/// </summary>
public interface IRowChanges
{
    /// <summary>Compares <paramref name="next"/> with <paramref name="previous"/> and keeps the changed rows. Rows are
    /// matched by <paramref name="next"/>'s primary key when both tables have its columns with the same types, else by
    /// the content of the columns both have with the same type; columns only one has, or of another type, are not
    /// compared (they are schema changes).</summary>
    Task<RowChangeCounts> CompareAsync(string previousTable, TableLayout previous, string nextTable, TableLayout next,
        CancellationToken cancellationToken = default);

    /// <summary>Streams the kept changes of a version: added and changed rows in the new version's order, then removed
    /// ones in the previous version's.</summary>
    IAsyncEnumerable<RowChange> ReadChangesAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default);
}
