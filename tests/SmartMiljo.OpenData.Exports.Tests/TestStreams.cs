namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>A write-only, non-seekable stream like an HTTP or object-store upload body.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public long BytesWritten { get; private set; }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        BytesWritten += count;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        BytesWritten += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}

internal static class Export
{
    /// <summary>Runs a format into memory through a non-seekable stream, as the generator does.</summary>
    public static async Task<byte[]> ToBytesAsync(IExportFormat format, ExportContext context, IEnumerable<object?[]> rows)
    {
        using var buffer = new MemoryStream();
        await format.WriteAsync(new ForwardOnlyStream(buffer), context, SampleTables.Stream(rows), CancellationToken.None);
        return buffer.ToArray();
    }

    /// <summary>
    /// Proves a format streams: by the time the producer is asked for its last row, a good part of
    /// the output must already have reached the stream (a buffering writer would have written nothing).
    /// </summary>
    public static async Task<(long BytesBeforeLastRow, long TotalBytes)> MeasureStreamingAsync(IExportFormat format, int rowCount)
    {
        var sink = new ForwardOnlyStream(Stream.Null);
        long before = -1;
        await format.WriteAsync(sink, SampleTables.Context,
            SampleTables.Many(rowCount, i => { if (i == rowCount - 1) before = sink.BytesWritten; }), CancellationToken.None);
        return (before, sink.BytesWritten);
    }
}
