using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace SmartMiljo.OpenData.Api.Downloads;

/// <summary>
/// Kestrel has no kernel sendfile: its fallback copies a file through a 64 KB buffer and a
/// stream adapter. For multi-megabyte downloads this reads the file straight into the response
/// pipe's own memory in large chunks instead (one copy fewer, far fewer flushes). Everything else,
/// including the framework's conditional and Range handling, is left to the wrapped feature.
/// </summary>
internal sealed class LargeChunkSendFileFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private const int ChunkSize = 1024 * 1024;

    public Stream Stream => inner.Stream;
    public PipeWriter Writer => inner.Writer;

    public void DisableBuffering() => inner.DisableBuffering();
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        var end = count is { } n ? offset + n : RandomAccess.GetLength(file);
        await inner.StartAsync(cancellationToken);
        var writer = inner.Writer;
        for (var position = offset; position < end;)
        {
            var memory = writer.GetMemory((int)Math.Min(ChunkSize, end - position));
            if (memory.Length > end - position) memory = memory[..(int)(end - position)];
            var read = await RandomAccess.ReadAsync(file, memory, position, cancellationToken);
            if (read == 0) throw new EndOfStreamException($"'{path}' ended before the {end - offset} bytes promised.");
            writer.Advance(read);
            position += read;
            var flushed = await writer.FlushAsync(cancellationToken);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }
}
