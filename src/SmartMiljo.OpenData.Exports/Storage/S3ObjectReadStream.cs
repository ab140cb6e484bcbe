using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// A seekable read stream over one S3 object. It starts on the body of the GET that opened the object
/// (so a reader that started keeps the version it started with, like an open file); a seek elsewhere
/// drops that body and continues with a ranged GET pinned to the same ETag, so HTTP Range requests are
/// served without reading the skipped bytes, and a replaced object fails loudly instead of mixing versions.
/// </summary>
internal sealed class S3ObjectReadStream : Stream
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _eTag;
    private GetObjectResponse? _response;
    private long _responsePosition;
    private long _position;

    public S3ObjectReadStream(IAmazonS3 client, string bucket, string key, GetObjectResponse opened)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        _eTag = opened.ETag;
        Length = opened.ContentLength;
        _response = opened;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0) throw new IOException("Cannot seek before the start of the object.");
        _position = target;
        return target;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= Length) return 0;
        var body = await BodyAtPositionAsync(cancellationToken);
        var read = await body.ReadAsync(buffer, cancellationToken);
        if (read == 0) throw new IOException($"S3 object '{_key}' ended at byte {_position} of {Length}.");
        _position += read;
        _responsePosition += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous readers (ZipArchive entries copying) block on the async read; the SDK has no sync API.
    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task<Stream> BodyAtPositionAsync(CancellationToken cancellationToken)
    {
        if (_response is not null && _responsePosition == _position) return _response.ResponseStream;
        _response?.Dispose();
        _response = null;
        try
        {
            _response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _bucket, Key = _key, EtagToMatch = _eTag, ByteRange = new ByteRange(_position, Length - 1),
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.NotFound)
        {
            throw new IOException($"S3 object '{_key}' was replaced or deleted while it was being read.", e);
        }
        _responsePosition = _position;
        return _response.ResponseStream;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _response?.Dispose();
            _response = null;
        }
        base.Dispose(disposing);
    }
}
