using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// Row tables in PostgreSQL. A load is one transaction: rows stream by binary COPY into a staging table,
/// indexes are built, and the staging table is swapped in under the version's name just before commit.
/// Nothing is visible to readers until then, and a failed or abandoned load leaves nothing behind.
/// </summary>
public sealed class PostgresRowStore(PostgresRowDatabase database) : IRowStore
{
    private const string StagingSuffix = "_load";

    public async Task<IStagedTable> CreateStagingTableAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default)
    {
        var quoted = SqlIdentifiers.Quote(tableName);
        var staging = SqlIdentifiers.Quote(tableName + StagingSuffix);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var sql = new StringBuilder($"DROP TABLE IF EXISTS {staging}; CREATE TABLE {staging} (");
            sql.Append(SqlIdentifiers.Quote(TableLayout.RowNumberColumn)).Append(" bigint NOT NULL");
            for (var i = 0; i < layout.ColumnNames.Count; i++)
                sql.Append(", ").Append(SqlIdentifiers.Quote(layout.ColumnNames[i])).Append(' ')
                   .Append(PostgresValueCodec.ColumnType(layout.Schema.Fields[i].Type));
            if (layout.Schema.Geometry is not null)
                sql.Append(", ").Append(SqlIdentifiers.Quote(PostgresValueCodec.GeographyColumn)).Append(" geography(Point,4326)");
            sql.Append(')');
            await ExecuteAsync(connection, sql.ToString(), cancellationToken);

            var importer = await connection.BeginBinaryImportAsync(
                $"COPY {staging} ({string.Join(", ", CopyColumns(layout).Select(SqlIdentifiers.Quote))}) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            return new StagedTable(connection, transaction, importer, tableName, quoted, layout);
        }
        catch
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    public async IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // A cursor-less streaming read: Npgsql reads rows off the socket as they are consumed.
        await using var command = new NpgsqlCommand(
            $"SELECT {string.Join(", ", layout.ColumnNames.Select(SqlIdentifiers.Quote))} FROM {SqlIdentifiers.Quote(tableName)} ORDER BY {SqlIdentifiers.Quote(TableLayout.RowNumberColumn)}",
            connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var fields = layout.Schema.Fields;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[fields.Count];
            for (var i = 0; i < row.Length; i++)
                row[i] = PostgresValueCodec.Decode(reader, i, fields[i].Type);
            yield return row;
        }
    }

    public async Task DropTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(tableName)}", cancellationToken);
    }

    private static IEnumerable<string> CopyColumns(TableLayout layout)
    {
        yield return TableLayout.RowNumberColumn;
        foreach (var column in layout.ColumnNames) yield return column;
        if (layout.Schema.Geometry is not null) yield return PostgresValueCodec.GeographyColumn;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0; // index builds on millions of rows take as long as they take
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class StagedTable(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter importer,
        string tableName, string quotedTable, TableLayout layout) : IStagedTable
    {
        private NpgsqlBinaryImporter? _importer = importer;
        private long _rows;
        private bool _completed;

        public string TableName => tableName;

        public async ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default)
        {
            var writer = _importer ?? throw new InvalidOperationException("The table has already been completed.");
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(rowNumber, NpgsqlDbType.Bigint, cancellationToken);
            var fields = layout.Schema.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                if (values[i] is { } value)
                    await WriteValueAsync(writer, value, fields[i].Type, cancellationToken);
                else
                    await writer.WriteNullAsync(cancellationToken);
            }
            if (layout.Schema.Geometry is { } geometry)
            {
                if (PostgresValueCodec.Geography(geometry, layout, values) is { } point)
                    await writer.WriteAsync(point, NpgsqlDbType.Geography, cancellationToken);
                else
                    await writer.WriteNullAsync(cancellationToken);
            }
            _rows++;
        }

        /// <summary>Typed writes: Npgsql then picks the converter at compile time instead of per boxed value.</summary>
        private static Task WriteValueAsync(NpgsqlBinaryImporter writer, object value, FieldType type, CancellationToken cancellationToken) => type switch
        {
            FieldType.Integer => writer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
            FieldType.Number => writer.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken),
            FieldType.Boolean => writer.WriteAsync((bool)value, NpgsqlDbType.Boolean, cancellationToken),
            FieldType.Date => writer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken),
            FieldType.DateTime => writer.WriteAsync(((DateTimeOffset)value).ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken),
            FieldType.Time => writer.WriteAsync((TimeOnly)value, NpgsqlDbType.Time, cancellationToken),
            FieldType.Year => writer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
            _ => writer.WriteAsync(PostgresValueCodec.ToText(value), NpgsqlDbType.Text, cancellationToken),
        };

        public async Task<long> CompleteAsync(CancellationToken cancellationToken = default)
        {
            if (_importer is not null)
            {
                await _importer.CompleteAsync(cancellationToken);
                await _importer.DisposeAsync();
                _importer = null;
            }

            // Swap: the staging table takes the version's name, then gets its key and indexes, all
            // inside the load's transaction, so readers see the finished table or nothing.
            var staging = SqlIdentifiers.Quote(tableName + StagingSuffix);
            var sql = new StringBuilder();
            sql.Append($"DROP TABLE IF EXISTS {quotedTable}; ALTER TABLE {staging} RENAME TO {quotedTable}; ");
            sql.Append($"ALTER TABLE {quotedTable} ADD CONSTRAINT {SqlIdentifiers.Quote("pk_" + tableName)} PRIMARY KEY ({SqlIdentifiers.Quote(TableLayout.RowNumberColumn)}); ");
            var indexed = RowIndexPlan.Columns(layout);
            for (var k = 0; k < indexed.Count; k++)
                sql.Append($"CREATE INDEX {SqlIdentifiers.Quote(RowIndexPlan.IndexName(tableName, k))} ON {quotedTable} ({string.Join(", ", RowIndexPlan.KeyOf(layout, indexed[k]).Select(SqlIdentifiers.Quote))}); ");
            if (layout.Schema.Geometry is not null)
                sql.Append($"CREATE INDEX {SqlIdentifiers.Quote($"ix_{tableName}_geom")} ON {quotedTable} USING GIST ({SqlIdentifiers.Quote(PostgresValueCodec.GeographyColumn)}); ");
            sql.Append($"ANALYZE {quotedTable};");
            await ExecuteAsync(connection, sql.ToString(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _completed = true;
            return _rows;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                // Without Complete the transaction rolls back, and the staging table goes with it.
                if (_importer is not null)
                {
                    try { await _importer.DisposeAsync(); }
                    catch (Exception) when (!_completed) { /* cancelling a COPY may report an error; the rollback follows */ }
                }
            }
            finally
            {
                // Disposing an uncommitted transaction rolls it back (a broken connection rolls back on its own).
                try { await transaction.DisposeAsync(); }
                catch (NpgsqlException) when (!_completed) { }
                await connection.DisposeAsync();
            }
        }
    }
}
