using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>Row tables in SQLite: batched prepared inserts, committed in chunks so a long load
/// does not hold the write lock for minutes.</summary>
public sealed class SqliteRowStore(SqliteRowDatabase database) : IRowStore
{
    private const int RowsPerTransaction = 50_000;

    public Task<IStagedTable> CreateStagingTableAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default) =>
        CreateAsync(tableName, layout, null, cancellationToken);

    public Task<IStagedTable> CreateAccumulatingTableAsync(string tableName, TableLayout layout, RowAccumulation accumulation,
        CancellationToken cancellationToken = default) =>
        CreateAsync(tableName, layout, accumulation, cancellationToken);

    private async Task<IStagedTable> CreateAsync(string tableName, TableLayout layout, RowAccumulation? accumulation, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var sql = new StringBuilder($"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(tableName)}; CREATE TABLE {SqlIdentifiers.Quote(tableName)} (");
            sql.Append(SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)).Append(" INTEGER PRIMARY KEY");
            for (var i = 0; i < layout.ColumnNames.Count; i++)
                sql.Append(", ").Append(SqlIdentifiers.Quote(layout.ColumnNames[i])).Append(' ')
                   .Append(SqliteRowFormat.Instance.ColumnType(layout.Schema.Fields[i].Type));
            sql.Append(");");
            var boxes = SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(tableName));
            sql.Append($"DROP TABLE IF EXISTS {boxes};");
            if (SqliteRowFormat.BoxedGeometryField(layout.Schema) >= 0)
                sql.Append($"CREATE VIRTUAL TABLE {boxes} USING rtree(id, minX, maxX, minY, maxY);");
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = sql.ToString();
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            var carry = accumulation is null ? null
                : new RowAccumulationSql(accumulation, tableName, [RowTableFormat.RowNumberColumnName, .. layout.ColumnNames]);
            long firstRowAfter = 0;
            if (carry is not null)
            {
                await using var last = connection.CreateCommand();
                last.CommandText = carry.LastRowNumber;
                firstRowAfter = Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            return new StagedTable(connection, tableName, layout, carry, accumulation?.PreviousTable, firstRowAfter);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, CancellationToken cancellationToken = default) =>
        ReadAsync(tableName, layout, null, cancellationToken);

    /// <summary>The first geometry field's rows whose R*Tree box meets the area, then the exact (planar, in degrees) test;
    /// for a table of positions only, the latitude and longitude columns between the box's edges (their index serves it).</summary>
    public IAsyncEnumerable<object?[]> ReadRowsAsync(string tableName, TableLayout layout, LonLatBox area, CancellationToken cancellationToken = default)
    {
        var boxed = SqliteRowFormat.BoxedGeometryField(layout.Schema);
        if (boxed >= 0)
        {
            var boxes = SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(tableName));
            var candidates = $"{SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)} IN (SELECT id FROM {boxes} WHERE maxX >= @minLon AND minX <= @maxLon AND maxY >= @minLat AND minY <= @maxLat)";
            var envelope = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326)
                .ToGeometry(new NetTopologySuite.Geometries.Envelope(area.MinLongitude, area.MaxLongitude, area.MinLatitude, area.MaxLatitude));
            return ReadAsync(tableName, layout, (candidates, area), cancellationToken,
                row => row[boxed] is NetTopologySuite.Geometries.Geometry g && g.Intersects(envelope));
        }
        var geometry = layout.Schema.Geometry ?? throw new InvalidOperationException("The table has no position to filter on.");
        var latitude = SqlIdentifiers.Quote(layout.ColumnOf(geometry.LatitudeField));
        var longitude = SqlIdentifiers.Quote(layout.ColumnOf(geometry.LongitudeField));
        return ReadAsync(tableName, layout, ($"{latitude} BETWEEN @minLat AND @maxLat AND {longitude} BETWEEN @minLon AND @maxLon", area), cancellationToken);
    }

    private async IAsyncEnumerable<object?[]> ReadAsync(string tableName, TableLayout layout, (string Sql, LonLatBox Area)? where,
        [EnumeratorCancellation] CancellationToken cancellationToken, Func<object?[], bool>? exact = null)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", layout.ColumnNames.Select(SqlIdentifiers.Quote))} FROM {SqlIdentifiers.Quote(tableName)}"
            + (where is { } w ? $" WHERE {w.Sql}" : "") + $" ORDER BY {SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)}";
        if (where is { Area: var area })
        {
            command.Parameters.Add(new SqliteParameter("@minLat", area.MinLatitude));
            command.Parameters.Add(new SqliteParameter("@maxLat", area.MaxLatitude));
            command.Parameters.Add(new SqliteParameter("@minLon", area.MinLongitude));
            command.Parameters.Add(new SqliteParameter("@maxLon", area.MaxLongitude));
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fields = layout.Schema.Fields;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[fields.Count];
            for (var i = 0; i < row.Length; i++)
                row[i] = SqliteRowFormat.Decode(reader.GetValue(i), fields[i].Type);
            if (exact is null || exact(row)) yield return row;
        }
    }

    /// <summary>Drops the table with its bounding boxes and its changes against the version before.</summary>
    public async Task DropTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(tableName)}; DROP TABLE IF EXISTS {SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(tableName))}; "
            + $"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(RowTableFormat.ChangesTableOf(tableName))}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class StagedTable : IStagedTable
    {
        private readonly SqliteConnection _connection;
        private readonly TableLayout _layout;
        private SqliteTransaction? _transaction;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _parameters;
        private readonly int _boxed;
        private readonly SqliteCommand? _insertBox;
        private readonly RowAccumulationSql? _carry;
        private readonly string? _previousTable;
        private readonly long _firstRowAfter;
        private long _rows;
        private int _rowsInTransaction;
        private bool _completed;

        public StagedTable(SqliteConnection connection, string tableName, TableLayout layout, RowAccumulationSql? carry, string? previousTable, long firstRowAfter)
        {
            _carry = carry;
            _previousTable = previousTable;
            _firstRowAfter = firstRowAfter;
            _connection = connection;
            _layout = layout;
            TableName = tableName;
            var columns = new[] { RowTableFormat.RowNumberColumnName }.Concat(layout.ColumnNames).ToList();
            _insert = connection.CreateCommand();
            _insert.CommandText = $"INSERT INTO {SqlIdentifiers.Quote(tableName)} ({string.Join(", ", columns.Select(SqlIdentifiers.Quote))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            _parameters = columns.Select((_, i) => _insert.CreateParameter()).ToArray();
            for (var i = 0; i < _parameters.Length; i++)
            {
                _parameters[i].ParameterName = "$p" + i;
                _insert.Parameters.Add(_parameters[i]);
            }
            _boxed = SqliteRowFormat.BoxedGeometryField(layout.Schema);
            if (_boxed >= 0)
            {
                _insertBox = connection.CreateCommand();
                _insertBox.CommandText = $"INSERT INTO {SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(tableName))} VALUES ($id, $minX, $maxX, $minY, $maxY)";
                foreach (var name in new[] { "$id", "$minX", "$maxX", "$minY", "$maxY" }) _insertBox.Parameters.Add(_insertBox.CreateParameter()).ParameterName = name;
            }
        }

        public string TableName { get; }

        public AccumulationOutcome? Accumulation { get; private set; }

        public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default)
        {
            rowNumber += _firstRowAfter;
            if (_transaction is null)
            {
                _transaction = _connection.BeginTransaction();
                _insert.Transaction = _transaction;
                _insert.Prepare();
                if (_insertBox is not null)
                {
                    _insertBox.Transaction = _transaction;
                    _insertBox.Prepare();
                }
            }
            _parameters[0].Value = rowNumber;
            for (var i = 0; i < values.Length; i++) _parameters[i + 1].Value = SqliteRowFormat.Encode(values[i]);
            _insert.ExecuteNonQuery(); // SQLite is in-process: the async variant only adds overhead.
            if (_insertBox is not null && values[_boxed] is NetTopologySuite.Geometries.Geometry { IsEmpty: false } shape)
            {
                var box = shape.EnvelopeInternal;
                _insertBox.Parameters[0].Value = rowNumber;
                _insertBox.Parameters[1].Value = box.MinX;
                _insertBox.Parameters[2].Value = box.MaxX;
                _insertBox.Parameters[3].Value = box.MinY;
                _insertBox.Parameters[4].Value = box.MaxY;
                _insertBox.ExecuteNonQuery();
            }
            _rows++;
            if (++_rowsInTransaction >= RowsPerTransaction)
            {
                _transaction.Commit();
                _transaction.Dispose();
                _transaction = null;
                _rowsInTransaction = 0;
            }
            return ValueTask.CompletedTask;
        }

        public async Task<long> CompleteAsync(CancellationToken cancellationToken = default)
        {
            if (_transaction is not null)
            {
                await _transaction.CommitAsync(cancellationToken);
                await _transaction.DisposeAsync();
                _transaction = null;
            }
            await using var index = _connection.CreateCommand();
            var sql = new StringBuilder();
            var indexed = RowIndexPlan.Columns(_layout);
            for (var k = 0; k < indexed.Count; k++)
                sql.Append($"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(RowIndexPlan.IndexName(TableName, k))} ON {SqlIdentifiers.Quote(TableName)} ({SqlIdentifiers.Quote(indexed[k])});");
            if (_layout.Schema.Geometry is { } geometry)
                // geo.distance answers its bounding-box prefilter from this index.
                sql.Append($"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote($"ix_{TableName}_geo")} ON {SqlIdentifiers.Quote(TableName)} ({SqlIdentifiers.Quote(_layout.ColumnOf(geometry.LatitudeField))}, {SqlIdentifiers.Quote(_layout.ColumnOf(geometry.LongitudeField))});");
            if (sql.Length > 0)
            {
                index.CommandText = sql.ToString();
                await index.ExecuteNonQueryAsync(cancellationToken);
            }
            if (_carry is not null) await CarryOverAsync(cancellationToken);
            _completed = true;
            return _rows;
        }

        /// <summary>The previous version's rows join the new ones in one transaction, after the key's index is built
        /// (SQLite matches keys through it), together with their bounding boxes.</summary>
        private async Task CarryOverAsync(CancellationToken cancellationToken)
        {
            var carry = _carry!;
            var boxes = _boxed >= 0 ? SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(TableName)) : null;
            var previousBoxes = _boxed >= 0 ? SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(_previousTable!)) : null;
            var rowNumber = SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName);
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            // The whole key in one index: each probe finds its row at once (the next accumulating load probes it too).
            await ChangeAsync(carry.KeyIndex($"ix_{TableName}_key"), transaction, cancellationToken);
            long keysMet, carried;
            if (carry.UpdateExisting)
            {
                var previous = await ScalarAsync(carry.PreviousRowCount, transaction, cancellationToken);
                carried = await ChangeAsync(carry.CarryOver, transaction, cancellationToken);
                keysMet = previous - carried;
                if (boxes is not null)
                    // The carried rows are the ones numbered up to the previous table's last row.
                    await ChangeAsync($"INSERT INTO {boxes} SELECT * FROM {previousBoxes} WHERE id IN (SELECT {rowNumber} FROM {SqlIdentifiers.Quote(TableName)} WHERE {rowNumber} <= {_firstRowAfter})",
                        transaction, cancellationToken);
            }
            else
            {
                if (boxes is not null)
                    await ChangeAsync($"DELETE FROM {boxes} WHERE id IN ({carry.NewRowsWithKnownKeys})", transaction, cancellationToken);
                keysMet = await ChangeAsync(carry.DeleteNewRowsWithKnownKeys, transaction, cancellationToken);
                carried = await ChangeAsync(carry.CarryOver, transaction, cancellationToken);
                if (boxes is not null) await ChangeAsync($"INSERT INTO {boxes} SELECT * FROM {previousBoxes}", transaction, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            _rows += carried - (carry.UpdateExisting ? 0 : keysMet);
            Accumulation = new AccumulationOutcome(carried, keysMet);
        }

        private async Task<long> ScalarAsync(string sql, SqliteTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        private async Task<long> ChangeAsync(string sql, SqliteTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_transaction is not null)
                {
                    await _transaction.RollbackAsync();
                    await _transaction.DisposeAsync();
                }
                if (!_completed)
                {
                    await using var drop = _connection.CreateCommand();
                    drop.CommandText = $"DROP TABLE IF EXISTS {SqlIdentifiers.Quote(TableName)}; DROP TABLE IF EXISTS {SqlIdentifiers.Quote(SqliteRowFormat.BoxTableOf(TableName))}";
                    await drop.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                await _insert.DisposeAsync();
                if (_insertBox is not null) await _insertBox.DisposeAsync();
                await _connection.DisposeAsync();
            }
        }
    }
}
