using System.Buffers;
using System.Threading.Channels;
using Npgsql;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// A PostgreSQL load in progress (see <see cref="PostgresRowStore"/>). Each row is encoded in binary COPY
/// format as it is written (<see cref="BinaryCopyRowEncoder"/>), on the caller's thread, so no row object
/// outlives the call; the filled chunks go through a bounded channel to a task that sends them, so
/// validating and the server's ingest overlap, and memory stays bounded by the chunks in flight.
/// </summary>
internal sealed class PostgresStagedTable : IStagedTable
{
    private const string StagingSuffix = "_load";
    private const int ChunksInFlight = 4;

    /// <summary>Index builds at once. The GiST build is the longest; one more session builds the b-trees one
    /// after another beside it. More sessions only take CPU from the GiST build on a small server.</summary>
    private const int ParallelIndexBuilds = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private NpgsqlRawCopyStream? _copyStream;
    private readonly string _tableName;
    private readonly TableLayout _layout;
    private readonly BinaryCopyRowEncoder _encoder;
    private readonly Queue<ArraySegment<byte>> _filled = new();
    private readonly Channel<ArraySegment<byte>> _chunks;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _copy;
    private readonly RowAccumulationSql? _carry;
    private readonly long _firstRowAfter;
    private long _rows;
    private bool _committed;
    private bool _completed;

    public PostgresStagedTable(NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction,
        NpgsqlRawCopyStream copyStream, string tableName, TableLayout layout, RowAccumulationSql? carry = null, long firstRowAfter = 0)
    {
        _carry = carry;
        _firstRowAfter = firstRowAfter;
        _dataSource = dataSource;
        _connection = connection;
        _transaction = transaction;
        _copyStream = copyStream;
        _tableName = tableName;
        _layout = layout;
        _encoder = new BinaryCopyRowEncoder(layout, _filled.Enqueue);
        _chunks = Channel.CreateBounded<ArraySegment<byte>>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        _copy = Task.Run(() => SendChunksAsync(_abort.Token));
    }

    public string TableName => _tableName;

    public AccumulationOutcome? Accumulation { get; private set; }

    public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default)
    {
        if (_copyStream is null) throw new InvalidOperationException("The table has already been completed.");
        _encoder.WriteRow(_firstRowAfter + rowNumber, values);
        _rows++;
        return _filled.Count > 0 ? HandOverFilledAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    private async ValueTask HandOverFilledAsync(CancellationToken cancellationToken)
    {
        while (_filled.TryDequeue(out var chunk))
        {
            try
            {
                await _chunks.Writer.WriteAsync(chunk, cancellationToken);
            }
            catch (ChannelClosedException)
            {
                ArrayPool<byte>.Shared.Return(chunk.Array!);
                await _copy; // the sending task failed: surface its exception
                throw;
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(chunk.Array!);
                throw;
            }
        }
    }

    /// <summary>The sending task: writes each chunk to the COPY stream and returns it to the pool.</summary>
    private async Task SendChunksAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stream = _copyStream!;
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(cancellationToken))
            {
                try { await stream.WriteAsync(chunk.AsMemory(), cancellationToken); }
                finally { ArrayPool<byte>.Shared.Return(chunk.Array!); }
            }
        }
        catch (Exception ex)
        {
            _chunks.Writer.TryComplete(ex);
            while (_chunks.Reader.TryRead(out var unsent)) ArrayPool<byte>.Shared.Return(unsent.Array!);
            throw;
        }
    }

    public async Task<long> CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_copyStream is null) throw new InvalidOperationException("The table has already been completed.");
        _encoder.Finish();
        await HandOverFilledAsync(cancellationToken);
        _chunks.Writer.TryComplete();
        await _copy;
        // Disposing the stream ends the COPY and waits for the server to accept every row.
        await _copyStream.DisposeAsync();
        _copyStream = null;
        if (_carry is not null) await CarryOverAsync(cancellationToken);

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

    /// <summary>The previous version's rows join the staged ones in the load's own transaction, before any index
    /// is built (the key match is a hash anti-join over the unindexed staging table).</summary>
    private async Task CarryOverAsync(CancellationToken cancellationToken)
    {
        var carry = _carry!;
        long keysMet;
        long carried;
        if (carry.UpdateExisting)
        {
            var previous = await PostgresRowStore.ScalarAsync(_connection, carry.PreviousRowCount, cancellationToken);
            carried = await PostgresRowStore.ChangeAsync(_connection, carry.CarryOver, cancellationToken);
            keysMet = previous - carried;
        }
        else
        {
            keysMet = await PostgresRowStore.ChangeAsync(_connection, carry.DeleteNewRowsWithKnownKeys, cancellationToken);
            carried = await PostgresRowStore.ChangeAsync(_connection, carry.CarryOver, cancellationToken);
        }
        _rows += carried - (carry.UpdateExisting ? 0 : keysMet);
        Accumulation = new AccumulationOutcome(carried, keysMet);
    }

    /// <summary>A version's rows never change once loaded, so index pages are filled completely (the default
    /// leaves a tenth free for later inserts): smaller indexes, written faster.</summary>
    private const string Packed = "WITH (fillfactor = 100)";

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
        foreach (var (column, k) in GeometryColumns())
            yield return ($"ix_{_tableName}_shape{k}{StagingSuffix}", $"ix_{_tableName}_shape{k}");
    }

    /// <summary>The geometry fields' columns (geography), each with its own GiST index.</summary>
    private IEnumerable<(string Column, int Ordinal)> GeometryColumns() => _layout.Schema.Fields
        .Select((f, i) => (f, i)).Where(x => x.f.Type == FieldType.Geometry).Select((x, k) => (_layout.ColumnNames[x.i], k));

    /// <summary>The key, the planned b-tree indexes and the GiST index, built in parallel sessions (CREATE INDEX
    /// takes a share lock, so builds on one table do not block each other). Statistics follow the switch
    /// (<see cref="PostgresRowStore.UpdateStatisticsAsync"/>).</summary>
    private async Task BuildIndexesAsync(CancellationToken cancellationToken)
    {
        var statements = new List<string>
        {
            $"CREATE UNIQUE INDEX {SqlIdentifiers.Quote(PrimaryKeyStagingName)} ON {Staging} ({SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)}) {Packed}",
        };
        var indexed = RowIndexPlan.Columns(_layout);
        var names = SecondaryIndexNames().ToList();
        for (var k = 0; k < indexed.Count; k++)
            statements.Add($"CREATE INDEX {SqlIdentifiers.Quote(names[k].Staging)} ON {Staging} ({string.Join(", ", RowIndexPlan.KeyOf(_layout, indexed[k]).Select(SqlIdentifiers.Quote))}) {Packed}");
        if (_layout.Schema.Geometry is not null)
            statements.Insert(0, $"CREATE INDEX {SqlIdentifiers.Quote(names[indexed.Count].Staging)} ON {Staging} USING GIST ({PostgresRowFormat.IndexedGeometry}) {Packed}");
        // On the geography itself: ST_Intersects and ST_DWithin on geography columns use it as they are.
        foreach (var (column, k) in GeometryColumns())
            statements.Insert(0, $"CREATE INDEX {SqlIdentifiers.Quote(names[^(GeometryColumns().Count() - k)].Staging)} ON {Staging} USING GIST ({SqlIdentifiers.Quote(column)}) {Packed}");

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
                _chunks.Writer.TryComplete();
                await _abort.CancelAsync();
                try { await _copy; }
                catch (Exception) { /* abandoned: the rollback or drop below is what matters */ }
                while (_chunks.Reader.TryRead(out var unsent)) ArrayPool<byte>.Shared.Return(unsent.Array!);
                while (_filled.TryDequeue(out var unfilled)) ArrayPool<byte>.Shared.Return(unfilled.Array!);
                _encoder.Discard();
            }
            // Without Complete the transaction rolls back, and the staging table goes with it.
            if (_copyStream is not null)
            {
                try { await _copyStream.CancelAsync(); }
                catch (Exception) when (!_completed) { /* cancelling a COPY reports an error; the rollback follows */ }
                try { await _copyStream.DisposeAsync(); }
                catch (Exception) when (!_completed) { }
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
