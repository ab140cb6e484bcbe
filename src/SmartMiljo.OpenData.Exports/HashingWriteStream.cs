using System.Security.Cryptography;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// A forward-only write stream that passes bytes through to another stream while computing their
/// SHA-256 and count, so checksums cost no second read.
/// </summary>
public sealed class HashingWriteStream(Stream inner) : ForwardOnlyWriteStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Lower-case hex SHA-256 of everything written so far.</summary>
    public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    protected override void Pass(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
    }

    protected override ValueTask PassAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        _hash.AppendData(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <summary>Leaves the inner stream open: its owner (the download store) completes it.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
