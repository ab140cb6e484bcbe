using System.Data.Common;
using Npgsql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>The PostgreSQL database holding row tables. One pooled data source per process; the
/// positions are written as EWKB by <see cref="BinaryCopyRowEncoder"/> and queried in SQL, so no geometry type plugin is needed.</summary>
public sealed class PostgresRowDatabase : IRowDatabase, IAsyncDisposable
{
    public PostgresRowDatabase(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        DataSource = builder.Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public SqlDialect Dialect => SqlDialect.PostgreSql;

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await DataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
