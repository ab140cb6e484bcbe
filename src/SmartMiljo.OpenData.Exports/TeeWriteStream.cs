namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// A forward-only write stream that passes every write on to several streams in turn, so one format
/// writer produces a file and its compressed variants in a single pass. Leaves the targets open and
/// unflushed: their owners complete them.
/// </summary>
internal sealed class TeeWriteStream(IReadOnlyList<Stream> targets) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (var target in targets) target.Write(buffer);
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        foreach (var target in targets) await target.WriteAsync(buffer, cancellationToken);
        _written += buffer.Length;
    }

    /// <summary>Deliberately nothing: writers flush to push bytes on, but a flush would make the
    /// compressors end a block early (larger, slower output). The owner completes the targets.</summary>
    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
