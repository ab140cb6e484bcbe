namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// Lets synchronous writers (ZipArchive, OpenXmlWriter) feed an asynchronous output without
/// blocking on I/O: they write into a small in-memory spool, and the owner drains it with
/// <see cref="DrainAsync"/> after each batch. Memory stays bounded by what one batch produces.
/// Forward-only and non-seekable, which ZipArchive handles with data descriptors.
/// </summary>
internal sealed class SpooledOutput(Stream output) : Stream
{
    private readonly MemoryStream _spool = new();
    private long _position;

    /// <summary>Drain once the spool holds at least this much, so writes to the output stay large.</summary>
    public const int DrainThresholdBytes = 256 * 1024;

    public long Pending => _spool.Length;

    public async Task DrainAsync(CancellationToken ct)
    {
        if (_spool.Length == 0) return;
        await output.WriteAsync(_spool.GetBuffer().AsMemory(0, (int)_spool.Length), ct);
        _spool.SetLength(0);
    }

    public Task DrainIfFullAsync(CancellationToken ct) =>
        _spool.Length >= DrainThresholdBytes ? DrainAsync(ct) : Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _spool.Write(buffer);
        _position += buffer.Length;
    }

    /// <summary>Writing to the spool is a memory copy, so asynchronous callers complete at once.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Flushing only moves bytes into the spool; <see cref="DrainAsync"/> moves them on.</summary>
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _spool.Dispose();
        base.Dispose(disposing);
    }
}
