namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// A forward-only write stream that passes every write on to several streams in turn, so one format
/// writer produces a file and its compressed variants in a single pass. Leaves the targets open and
/// unflushed: their owners complete them.
/// </summary>
internal sealed class TeeWriteStream(IReadOnlyList<Stream> targets) : ForwardOnlyWriteStream
{
    protected override void Pass(ReadOnlySpan<byte> buffer)
    {
        foreach (var target in targets) target.Write(buffer);
    }

    protected override async ValueTask PassAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        foreach (var target in targets) await target.WriteAsync(buffer, cancellationToken);
    }

    /// <summary>Deliberately nothing: writers flush to push bytes on, but a flush would make the
    /// compressors end a block early (larger, slower output). The owner completes the targets.</summary>
    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
