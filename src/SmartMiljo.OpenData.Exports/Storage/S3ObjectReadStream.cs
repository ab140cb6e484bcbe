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
internal sealed class S3ObjectReadStream : ReadOnlyDownloadStream
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _eTag;
    private GetObjectResponse? _response;
    private long _responsePosition;

    public S3ObjectReadStream(IAmazonS3 client, string bucket, string key, GetObjectResponse opened)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        _eTag = opened.ETag;
        Length = opened.ContentLength;
        _response = opened;
    }

    public override bool CanSeek => true;
    public override long Length { get; }

    protected override void MoveTo(long target)
    {
        if (target < 0) throw new IOException("Cannot seek before the start of the object.");
        CurrentPosition = target;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || CurrentPosition >= Length) return 0;
        var body = await BodyAtPositionAsync(cancellationToken);
        var read = await body.ReadAsync(buffer, cancellationToken);
        if (read == 0) throw new IOException($"S3 object '{_key}' ended at byte {CurrentPosition} of {Length}.");
        CurrentPosition += read;
        _responsePosition += read;
        return read;
    }

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

    private async Task<Stream> BodyAtPositionAsync(CancellationToken cancellationToken)
    {
        if (_response is not null && _responsePosition == CurrentPosition) return _response.ResponseStream;
        _response?.Dispose();
        _response = null;
        try
        {
            _response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _bucket, Key = _key, EtagToMatch = _eTag, ByteRange = new ByteRange(CurrentPosition, Length - 1),
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.NotFound)
        {
            throw new IOException($"S3 object '{_key}' was replaced or deleted while it was being read.", e);
        }
        _responsePosition = CurrentPosition;
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
