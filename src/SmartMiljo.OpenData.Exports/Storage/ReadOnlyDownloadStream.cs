namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// The frame every served download stream shares: read only, with a known length and a position the reads
/// advance; a seek becomes one target position, which each kind reaches its own way (<see cref="MoveTo"/>:
/// a ranged request, skipping decompressed bytes, seeking an inner stream).
/// </summary>
public abstract class ReadOnlyDownloadStream : Stream
{
    /// <summary>Where the next read starts; the reads advance it.</summary>
    protected long CurrentPosition { get; set; }

    public override bool CanRead => true;
    public override bool CanWrite => false;

    public override long Position
    {
        get => CurrentPosition;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => CurrentPosition + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        MoveTo(target);
        return CurrentPosition;
    }

    /// <summary>Makes <paramref name="target"/> the position the next read starts at, or refuses it.</summary>
    protected abstract void MoveTo(long target);

    // Each kind reads spans and memory itself; the array forms go through them.
    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
