using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>Typed per-version row tables (one SQL table per dataset version).</summary>
public interface IRowStore
{
    /// <summary>Creates an empty table for a new version; rows are written through the returned sink.</summary>
    Task<IStagedTable> CreateStagingTableAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default);

    /// <summary>Streams a table's rows in source order, values aligned with the schema's fields.</summary>
    IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default);

    Task DropTableAsync(string tableName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gathers the query planner's statistics for a published table. A load does not wait for them (on
    /// PostgreSQL they can only be gathered once every index is built, as their locks conflict), so the caller
    /// runs this right after publishing; until then queries are planned from the table's size and indexes.
    /// </summary>
    Task UpdateStatisticsAsync(string tableName, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>A table being loaded. Disposing it without <see cref="CompleteAsync"/> drops it.</summary>
public interface IStagedTable : IRowSink, IAsyncDisposable
{
    string TableName { get; }

    /// <summary>Flushes, builds indexes, and returns the row count.</summary>
    Task<long> CompleteAsync(CancellationToken cancellationToken = default);
}
