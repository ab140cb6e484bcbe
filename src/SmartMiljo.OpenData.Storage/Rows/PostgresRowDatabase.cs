using System.Data.Common;
using Npgsql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>The PostgreSQL database holding row tables. One pooled data source per process; the
/// positions and geometry cells are written as EWKB by <see cref="BinaryCopyRowEncoder"/>; the NetTopologySuite plugin
/// only reads geometry cells (<c>geography</c> columns) back.</summary>
public sealed class PostgresRowDatabase : RowDatabase, IAsyncDisposable
{
    public PostgresRowDatabase(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite(geographyAsDefault: true);
        DataSource = builder.Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public override SqlDialect Dialect => SqlDialect.PostgreSql;
    public override IRowFormat Format => PostgresRowFormat.Instance;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await DataSource.OpenConnectionAsync(cancellationToken);

    protected override RowQueryException? Classify(Exception exception) => exception switch
    {
        // Class 22 is "data exception": division by zero, numeric overflow and the like.
        PostgresException e when e.SqlState.StartsWith("22", StringComparison.Ordinal) =>
            new RowQueryException(RowQueryFailure.DataError, "SQLSTATE " + e.SqlState, e),
        PostgresException { SqlState: "57014" } e => new RowQueryException(RowQueryFailure.TimedOut, "The statement timed out.", e),
        PostgresException { SqlState: "42P01" } e => new RowQueryException(RowQueryFailure.TableMissing, "undefined table", e),
        PostgresException { SqlState: "54001" } e => new RowQueryException(RowQueryFailure.TooComplex, "SQLSTATE 54001", e),
        _ => null,
    };

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
