using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// Row tables in PostgreSQL. Rows stream by binary COPY into a staging table inside a transaction (readers
/// and other sessions cannot see it), written by a task of its own so the server ingests while the caller
/// validates the next rows. On completion the staging table is committed under its staging name, its
/// indexes are built in parallel sessions, and one short transaction swaps it in under the version's
/// name. Readers see the finished table or nothing; a failed or abandoned load leaves nothing behind.
/// </summary>
public sealed class PostgresRowStore(PostgresRowDatabase database) : IRowStore
{
    private const string StagingSuffix = "_load";

    public Task<IStagedTable> CreateStagingTableAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default) =>
        CreateAsync(tableName, layout, null, cancellationToken);

    public Task<IStagedTable> CreateAccumulatingTableAsync(string tableName, TableLayout layout, RowAccumulation accumulation,
        CancellationToken cancellationToken = default) =>
        CreateAsync(tableName, layout, accumulation, cancellationToken);

    private async Task<IStagedTable> CreateAsync(string tableName, TableLayout layout, RowAccumulation? accumulation, CancellationToken cancellationToken)
    {
        var staging = SqlIdentifiers.Quote(tableName + StagingSuffix);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var sql = new StringBuilder($"DROP TABLE IF EXISTS {staging}; CREATE TABLE {staging} (");
            sql.Append(SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)).Append(" bigint NOT NULL");
            for (var i = 0; i < layout.ColumnNames.Count; i++)
                sql.Append(", ").Append(SqlIdentifiers.Quote(layout.ColumnNames[i])).Append(' ')
                   .Append(PostgresRowFormat.Instance.ColumnType(layout.Schema.Fields[i].Type));
            if (layout.Schema.Geometry is not null)
                sql.Append(", ").Append(SqlIdentifiers.Quote(PostgresRowFormat.GeographyColumnName)).Append(" ").Append(PostgresRowFormat.GeographyColumnType);
            sql.Append(')');
            await ExecuteAsync(connection, sql.ToString(), cancellationToken);
            var carry = accumulation is null ? null
                : new RowAccumulationSql(accumulation, tableName + StagingSuffix, BinaryCopyRowEncoder.Columns(layout).ToList());
            var firstRowAfter = carry is null ? 0 : await ScalarAsync(connection, carry.LastRowNumber, cancellationToken);

            var copyStream = await connection.BeginRawBinaryCopyAsync(
                $"COPY {staging} ({string.Join(", ", BinaryCopyRowEncoder.Columns(layout).Select(SqlIdentifiers.Quote))}) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            return new PostgresStagedTable(database.DataSource, connection, transaction, copyStream, tableName, layout, carry, firstRowAfter);
        }
        catch
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    public IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default) =>
        ReadAsync(tableName, layout, null, cancellationToken);

    /// <summary>ST_Intersects with the box: of the first geometry field's geography (its own GiST index), or of the position
    /// on the GiST-indexed geometry (see <see cref="PostgresRowFormat.IndexedGeometry"/>), where a longitude/latitude box
    /// is planar in degrees.</summary>
    public IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, LonLatBox area, CancellationToken cancellationToken = default)
    {
        if (!TableSchemaSpatial.HasGeometry(layout.Schema)) throw new InvalidOperationException("The table has no position to filter on.");
        return ReadAsync(tableName, layout, area, cancellationToken);
    }

    private async IAsyncEnumerable<object?[]> ReadAsync(string tableName, TableLayout layout, LonLatBox? area,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var within = TableSchemaSpatial.BoxedField(layout.Schema) is { } boxed
            ? $"ST_Intersects({SqlIdentifiers.Quote(layout.ColumnOf(boxed.Name))}, CAST(ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326) AS geography))"
            : $"ST_Intersects({PostgresRowFormat.IndexedGeometry}, ST_MakeEnvelope(@minLon, @minLat, @maxLon, @maxLat, 4326))";
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // A cursor-less streaming read: Npgsql reads rows off the socket as they are consumed.
        await using var command = new NpgsqlCommand(
            $"SELECT {string.Join(", ", layout.ColumnNames.Select(SqlIdentifiers.Quote))} FROM {SqlIdentifiers.Quote(tableName)}"
            + (area is null ? "" : $" WHERE {within}")
            + $" ORDER BY {SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)}",
            connection);
        if (area is { } box)
        {
            command.Parameters.AddWithValue("minLon", box.MinLongitude);
            command.Parameters.AddWithValue("minLat", box.MinLatitude);
            command.Parameters.AddWithValue("maxLon", box.MaxLongitude);
            command.Parameters.AddWithValue("maxLat", box.MaxLatitude);
        }
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var fields = layout.Schema.Fields;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[fields.Count];
            for (var i = 0; i < row.Length; i++)
                row[i] = PostgresRowFormat.Instance.Read(reader, i, fields[i].Type);
            yield return row;
        }
    }

    /// <summary>Drops the table, its changes against the version before, and any staging table a crashed load of the same name left committed.</summary>
    public async Task DropTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection,
            $"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(tableName)}; DROP TABLE IF EXISTS {SqlIdentifiers.Quote(tableName + StagingSuffix)}; "
            + $"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(RowTableFormat.ChangesTableOf(tableName))}",
            cancellationToken);
    }

    /// <summary>ANALYZE with fewer sampled rows than the default: 30 histogram buckets and common values per
    /// column are plenty to choose plans, and it takes a third of the time on wide tables.</summary>
    public async Task UpdateStatisticsAsync(string tableName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SET default_statistics_target = 30; ANALYZE {SqlIdentifiers.Quote(tableName)}", cancellationToken);
    }

    internal static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one statement and returns the rows it changed.</summary>
    internal static async Task<long> ChangeAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0; // index builds on millions of rows take as long as they take
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
