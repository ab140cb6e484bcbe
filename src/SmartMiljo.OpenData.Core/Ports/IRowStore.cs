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
}

/// <summary>A table being loaded. Disposing it without <see cref="CompleteAsync"/> drops it.</summary>
public interface IStagedTable : IRowSink, IAsyncDisposable
{
    string TableName { get; }

    /// <summary>Flushes, builds indexes, and returns the row count.</summary>
    Task<long> CompleteAsync(CancellationToken cancellationToken = default);
}
