using System.Buffers;
using System.Text;

namespace SmartMiljo.OpenData.Rdf.Writing;

/// <summary>
/// Streaming RDF writer. Each <see cref="WriteAsync(RdfDescription, CancellationToken)"/> appends to a small
/// text buffer that is encoded and written to the output once it passes <see cref="FlushThreshold"/>
/// characters, so memory stays flat however many descriptions are written. All output I/O is asynchronous
/// (ASP.NET Core forbids synchronous writes to the response body).
/// </summary>
public abstract class RdfWriter : IAsyncDisposable
{
    /// <summary>Characters buffered before they are written to the stream.</summary>
    public const int FlushThreshold = 32 * 1024;

    private readonly Stream _output;
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private bool _started;
    private bool _completed;

    protected StringBuilder Buffer { get; } = new(FlushThreshold + 4096);
    protected NamespaceMap Namespaces { get; }
    protected BlankNodeLabeller BlankNodes { get; } = new();

    protected RdfWriter(Stream output, NamespaceMap? namespaces)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        if (!output.CanWrite) throw new ArgumentException("The output stream is not writable.", nameof(output));
        Namespaces = namespaces ?? NamespaceMap.CreateDcatDefaults();
    }

    public static RdfWriter Create(Stream output, RdfSerialization format, NamespaceMap? namespaces = null) => format switch
    {
        RdfSerialization.RdfXml => new RdfXmlWriter(output, namespaces),
        RdfSerialization.Turtle => new TurtleWriter(output, namespaces),
        RdfSerialization.NTriples => new NTriplesWriter(output, namespaces),
        RdfSerialization.JsonLd => new JsonLdWriter(output, namespaces),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public abstract RdfSerialization Format { get; }

    public async ValueTask WriteAsync(RdfDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (_completed) throw new InvalidOperationException("The document is already complete.");
        EnsureStarted();
        WriteDescription(description);
        if (Buffer.Length >= FlushThreshold) await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the descriptions of one record all or nothing: if one cannot be written, the record's text is
    /// taken back out of the buffer (nothing of it has reached the stream) and the exception rethrown, so the
    /// document stays well-formed and the caller can go on with the next record.
    /// </summary>
    public async ValueTask WriteRecordAsync(IReadOnlyList<RdfDescription> descriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptions);
        if (_completed) throw new InvalidOperationException("The document is already complete.");
        EnsureStarted();
        int mark = Buffer.Length;
        var state = CaptureState();
        try
        {
            foreach (var description in descriptions) WriteDescription(description);
        }
        catch
        {
            Buffer.Length = mark;
            RestoreState(state);
            throw;
        }
        if (Buffer.Length >= FlushThreshold) await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writer state that a record changes besides the buffer (e.g. whether a separator is due).</summary>
    protected virtual object? CaptureState() => null;

    protected virtual void RestoreState(object? state) { }

    public ValueTask WriteAsync(Triple triple, CancellationToken cancellationToken = default) =>
        WriteAsync(new RdfDescription(triple.Subject).Add(triple.Predicate, triple.Object), cancellationToken);

    public async Task WriteAllAsync(IEnumerable<Triple> triples, CancellationToken cancellationToken = default)
    {
        foreach (var t in triples) await WriteAsync(t, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the document (e.g. <c>&lt;/rdf:RDF&gt;</c>) and flushes everything to the stream.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed) return;
        EnsureStarted();
        WriteEnd();
        _completed = true;
        await FlushBufferAsync(cancellationToken, final: true).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Does not close the stream (the caller owns it) and does not complete the document.</summary>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract void WriteStart();
    protected abstract void WriteDescription(RdfDescription description);
    protected abstract void WriteEnd();

    private void EnsureStarted()
    {
        if (_started) return;
        _started = true;
        WriteStart();
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken, bool final = false)
    {
        foreach (var chunk in Buffer.GetChunks())
        {
            int max = Encoding.UTF8.GetMaxByteCount(chunk.Length);
            var bytes = ArrayPool<byte>.Shared.Rent(max);
            try
            {
                int count = _encoder.GetBytes(chunk.Span, bytes, flush: false);
                await _output.WriteAsync(bytes.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        Buffer.Clear();
        if (final)
        {
            var tail = new byte[8];
            int count = _encoder.GetBytes(ReadOnlySpan<char>.Empty, tail, flush: true);
            if (count > 0) await _output.WriteAsync(tail.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Maps blank-node labels to labels that are safe in every syntax (<c>[A-Za-z0-9_]</c>), injectively,
/// and generates fresh labels for anonymous nodes that cannot collide with mapped ones.
/// </summary>
public sealed class BlankNodeLabeller
{
    private long _next;

    public string NewLabel() => "g_" + (++_next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string SafeLabel(BlankNode node)
    {
        var label = node.Label;
        bool safe = !label.StartsWith("g_", StringComparison.Ordinal) && !label.StartsWith("x_", StringComparison.Ordinal);
        if (safe)
            foreach (char c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) { safe = false; break; }
        return safe ? label : "x_" + Convert.ToHexString(Encoding.UTF8.GetBytes(label));
    }
}
