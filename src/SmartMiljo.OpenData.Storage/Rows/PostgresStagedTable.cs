using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// A PostgreSQL load in progress (see <see cref="PostgresRowStore"/>). Rows are handed over in batches
/// through a bounded channel to a COPY writer task, so validating and sending overlap and memory stays
/// bounded by the batches in flight.
/// </summary>
internal sealed class PostgresStagedTable : IStagedTable
{
    private const string StagingSuffix = "_load";
    private const int RowsPerBatch = 256;
    private const int BatchesInFlight = 4;

    /// <summary>Index builds at once: each is one server process sorting; more than a few only contend.</summary>
    private const int ParallelIndexBuilds = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private NpgsqlBinaryImporter? _importer;
    private readonly string _tableName;
    private readonly TableLayout _layout;
    private readonly FieldType[] _types;
    private readonly Channel<StagedRow[]> _batches;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _copy;
    private StagedRow[] _batch = new StagedRow[RowsPerBatch];
    private int _batched;
    private long _rows;
    private bool _committed;
    private bool _completed;

    private readonly record struct StagedRow(long Number, object?[] Values);

    public PostgresStagedTable(NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction,
        NpgsqlBinaryImporter importer, string tableName, TableLayout layout)
    {
        _dataSource = dataSource;
        _connection = connection;
        _transaction = transaction;
        _importer = importer;
        _tableName = tableName;
        _layout = layout;
        _types = layout.Schema.Fields.Select(f => f.Type).ToArray();
        _batches = Channel.CreateBounded<StagedRow[]>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        _copy = Task.Run(() => CopyBatchesAsync(_abort.Token));
    }

    public string TableName => _tableName;

    public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default)
    {
        if (_importer is null) throw new InvalidOperationException("The table has already been completed.");
        // A copy: the caller may reuse its array for the next row while this one waits in the channel.
        _batch[_batched++] = new StagedRow(rowNumber, (object?[])values.Clone());
        _rows++;
        return _batched == RowsPerBatch ? SendBatchAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    private async ValueTask SendBatchAsync(CancellationToken cancellationToken)
    {
        var batch = _batched == RowsPerBatch ? _batch : _batch[.._batched];
        _batch = new StagedRow[RowsPerBatch];
        _batched = 0;
        try
        {
            await _batches.Writer.WriteAsync(batch, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            await _copy; // the writer task failed: surface its exception
            throw;
        }
    }

    /// <summary>The COPY writer: typed, synchronous writes into Npgsql's buffer (they only touch the
    /// socket when it is full, on this task's thread), so no per-value task or boxing of the row number.</summary>
    private async Task CopyBatchesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var importer = _importer!;
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
                foreach (var row in batch) WriteRow(importer, row);
        }
        catch (Exception ex)
        {
            _batches.Writer.TryComplete(ex);
            throw;
        }
    }

    private void WriteRow(NpgsqlBinaryImporter importer, StagedRow row)
    {
        importer.StartRow();
        importer.Write(row.Number, NpgsqlDbType.Bigint);
        var values = row.Values;
        for (var i = 0; i < _types.Length; i++)
        {
            if (values[i] is { } value) WriteValue(importer, value, _types[i]);
            else importer.WriteNull();
        }
        if (_layout.Schema.Geometry is { } geometry)
        {
            if (PostgresValueCodec.Geography(geometry, _layout, values) is { } point) importer.Write(point, NpgsqlDbType.Geography);
            else importer.WriteNull();
        }
    }

    private static void WriteValue(NpgsqlBinaryImporter importer, object value, FieldType type)
    {
        switch (type)
        {
            case FieldType.Integer: importer.Write(value is long l ? l : Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint); break;
            case FieldType.Number: importer.Write(value is double d ? d : Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double); break;
            case FieldType.Boolean: importer.Write((bool)value, NpgsqlDbType.Boolean); break;
            case FieldType.Date: importer.Write((DateOnly)value, NpgsqlDbType.Date); break;
            case FieldType.DateTime: importer.Write(((DateTimeOffset)value).ToUniversalTime(), NpgsqlDbType.TimestampTz); break;
            case FieldType.Time: importer.Write((TimeOnly)value, NpgsqlDbType.Time); break;
            case FieldType.Year: importer.Write(value is int y ? y : Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer); break;
            default: importer.Write(value as string ?? PostgresValueCodec.ToText(value), NpgsqlDbType.Text); break;
        }
    }

    public async Task<long> CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_importer is null) throw new InvalidOperationException("The table has already been completed.");
        if (_batched > 0) await SendBatchAsync(cancellationToken);
        _batches.Writer.TryComplete();
        await _copy;
        await _importer.CompleteAsync(cancellationToken);
        await _importer.DisposeAsync();
        _importer = null;

        // Committed under the staging name, which nothing reads, so other sessions can index it in parallel.
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
        await BuildIndexesAsync(cancellationToken);

        var quoted = SqlIdentifiers.Quote(_tableName);
        var swap = new System.Text.StringBuilder();
        swap.Append($"DROP TABLE IF EXISTS {quoted}; ALTER TABLE {Staging} RENAME TO {quoted}; ");
        swap.Append($"ALTER TABLE {quoted} ADD CONSTRAINT {SqlIdentifiers.Quote("pk_" + _tableName)} PRIMARY KEY USING INDEX {SqlIdentifiers.Quote(PrimaryKeyStagingName)}; ");
        foreach (var (stagingName, finalName) in SecondaryIndexNames())
            swap.Append($"ALTER INDEX {SqlIdentifiers.Quote(stagingName)} RENAME TO {SqlIdentifiers.Quote(finalName)}; ");
        await using (var transaction = await _connection.BeginTransactionAsync(cancellationToken))
        {
            await PostgresRowStore.ExecuteAsync(_connection, swap.ToString(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        _completed = true;
        return _rows;
    }

    private string Staging => SqlIdentifiers.Quote(_tableName + StagingSuffix);

    private string PrimaryKeyStagingName => $"pk_{_tableName}{StagingSuffix}";

    /// <summary>Staging and final names of the b-tree and GiST indexes. Index names are unique per schema,
    /// so the staging table's indexes must not take the names the table being replaced still holds.</summary>
    private IEnumerable<(string Staging, string Final)> SecondaryIndexNames()
    {
        var indexed = RowIndexPlan.Columns(_layout);
        for (var k = 0; k < indexed.Count; k++)
            yield return (RowIndexPlan.IndexName(_tableName, k) + StagingSuffix, RowIndexPlan.IndexName(_tableName, k));
        if (_layout.Schema.Geometry is not null)
            yield return ($"ix_{_tableName}_geom{StagingSuffix}", $"ix_{_tableName}_geom");
    }

    /// <summary>The key, the planned b-tree indexes, the GiST index and the statistics, built in parallel
    /// sessions (CREATE INDEX takes a share lock, so builds on one table do not block each other).</summary>
    private async Task BuildIndexesAsync(CancellationToken cancellationToken)
    {
        var statements = new List<string>
        {
            $"CREATE UNIQUE INDEX {SqlIdentifiers.Quote(PrimaryKeyStagingName)} ON {Staging} ({SqlIdentifiers.Quote(TableLayout.RowNumberColumn)})",
        };
        var indexed = RowIndexPlan.Columns(_layout);
        var names = SecondaryIndexNames().ToList();
        for (var k = 0; k < indexed.Count; k++)
            statements.Add($"CREATE INDEX {SqlIdentifiers.Quote(names[k].Staging)} ON {Staging} ({string.Join(", ", RowIndexPlan.KeyOf(_layout, indexed[k]).Select(SqlIdentifiers.Quote))})");
        if (_layout.Schema.Geometry is not null)
            statements.Insert(0, $"CREATE INDEX {SqlIdentifiers.Quote(names[^1].Staging)} ON {Staging} USING GIST ({SqlIdentifiers.Quote(PostgresValueCodec.GeographyColumn)})");
        statements.Add($"ANALYZE {Staging}");

        // Longest first (the GiST build), so the short ones fill in around it.
        await Parallel.ForEachAsync(statements, new ParallelOptions { MaxDegreeOfParallelism = ParallelIndexBuilds, CancellationToken = cancellationToken },
            async (sql, token) =>
            {
                await using var session = await _dataSource.OpenConnectionAsync(token);
                await PostgresRowStore.ExecuteAsync(session, "SET maintenance_work_mem = '256MB'", token);
                await PostgresRowStore.ExecuteAsync(session, sql, token);
            });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_completed)
            {
                _batches.Writer.TryComplete();
                await _abort.CancelAsync();
                try { await _copy; }
                catch (Exception) { /* abandoned: the rollback or drop below is what matters */ }
            }
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
            try { await _transaction.DisposeAsync(); }
            catch (NpgsqlException) when (!_completed) { }
            if (_committed && !_completed) await DropStagingQuietlyAsync();
            await _connection.DisposeAsync();
            _abort.Dispose();
        }
    }

    /// <summary>A load that failed after its staging table was committed (while indexing) removes it.</summary>
    private async Task DropStagingQuietlyAsync()
    {
        try
        {
            await using var session = await _dataSource.OpenConnectionAsync();
            await PostgresRowStore.ExecuteAsync(session, $"DROP TABLE IF EXISTS {Staging}", CancellationToken.None);
        }
        catch (Exception) { /* best effort: DropTableAsync of the version also removes a leftover staging table */ }
    }
}
