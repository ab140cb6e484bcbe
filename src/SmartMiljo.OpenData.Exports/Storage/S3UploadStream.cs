using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// A forward-only write stream that uploads what is written to one S3 object, in constant memory:
/// bytes collect in one part-sized buffer, and each full buffer becomes a part of a multipart upload.
/// Nothing is visible under the key until <see cref="CompleteAsync"/>; content that never fills a
/// part is sent as a single PUT instead, which saves the multipart round trips for small files.
/// </summary>
internal sealed class S3UploadStream : Stream
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly List<PartETag> _parts = [];
    private byte[]? _buffer;
    private int _filled;
    private long _written;
    private string? _uploadId;
    private bool _completed;

    public S3UploadStream(IAmazonS3 client, string bucket, string key, int partSize)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        _buffer = ArrayPool<byte>.Shared.Rent(partSize);
        PartSize = partSize;
    }

    public int PartSize { get; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_completed && _buffer is not null;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Append(buffer.Span);
            buffer = buffer[taken..];
            if (_filled == PartSize) await UploadPartAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous writers (ZipArchive, OpenXML) end up here; the SDK is async-only, so a full part
    // blocks this thread while it uploads. They run on job threads, never on a request thread.
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Append(buffer);
            buffer = buffer[taken..];
            if (_filled == PartSize) UploadPartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Parts are uploaded when full; a flush cannot send a smaller one (S3 needs at least 5 MB).</summary>
    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Makes the object visible under its key, all at once.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(S3UploadStream));
        if (_completed) return;
        if (_uploadId is null)
        {
            using var body = new MemoryStream(buffer, 0, _filled, writable: false);
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket, Key = _key, InputStream = body, AutoCloseStream = false, UseChunkEncoding = false,
            }, cancellationToken);
        }
        else
        {
            if (_filled > 0) await UploadPartAsync(cancellationToken);
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = _key, UploadId = _uploadId, PartETags = _parts,
            }, cancellationToken);
        }
        _completed = true;
    }

    /// <summary>Discards the parts uploaded so far. Best effort: S3 also drops them by lifecycle rule.</summary>
    public async Task AbortAsync()
    {
        if (_uploadId is null || _completed) return;
        var uploadId = _uploadId;
        _uploadId = null;
        await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
        {
            BucketName = _bucket, Key = _key, UploadId = uploadId,
        });
    }

    private int Append(ReadOnlySpan<byte> data)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(S3UploadStream));
        if (_completed) throw new InvalidOperationException("The upload is already complete.");
        var taken = Math.Min(data.Length, PartSize - _filled);
        data[..taken].CopyTo(buffer.AsSpan(_filled));
        _filled += taken;
        _written += taken;
        return taken;
    }

    private async Task UploadPartAsync(CancellationToken cancellationToken)
    {
        _uploadId ??= (await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket, Key = _key,
        }, cancellationToken)).UploadId;

        var partNumber = _parts.Count + 1;
        using var body = new MemoryStream(_buffer!, 0, _filled, writable: false);
        var response = await _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket, Key = _key, UploadId = _uploadId, PartNumber = partNumber,
            InputStream = body, PartSize = _filled, UseChunkEncoding = false,
        }, cancellationToken);
        _parts.Add(new PartETag(partNumber, response.ETag));
        _filled = 0;
    }

    /// <summary>Gives the buffer back; called by the store once the upload is completed or aborted.</summary>
    public void ReleaseBuffer()
    {
        if (_buffer is not { } buffer) return;
        _buffer = null;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    // Dispose is left to the base class on purpose: writers (compressors, the hashing stream) dispose
    // their target when done, which must neither complete nor abort the upload nor free the buffer
    // before the store has decided what happens to it.
}
