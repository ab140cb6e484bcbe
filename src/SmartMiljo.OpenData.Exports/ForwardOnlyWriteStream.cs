namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// A write stream that only goes forward: no reading, no seeking, and a <see cref="Stream.Position"/> that is the
/// count of bytes written so far (some writers record offsets from it). Deliberately non-seekable, so a format that
/// works on it also works on an object-store upload stream. Subclasses say where the bytes go.
/// </summary>
public abstract class ForwardOnlyWriteStream : Stream
{
    public long BytesWritten { get; private set; }

    /// <summary>Takes the bytes on to where they go.</summary>
    protected abstract void Pass(ReadOnlySpan<byte> buffer);

    protected abstract ValueTask PassAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    public sealed override bool CanRead => false;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => true;
    public sealed override long Length => throw new NotSupportedException();

    /// <summary>Readable but not settable.</summary>
    public sealed override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public sealed override void Write(ReadOnlySpan<byte> buffer)
    {
        Pass(buffer);
        BytesWritten += buffer.Length;
    }

    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await PassAsync(buffer, cancellationToken);
        BytesWritten += buffer.Length;
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
}
