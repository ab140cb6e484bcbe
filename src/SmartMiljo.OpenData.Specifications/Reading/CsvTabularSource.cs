using System.Text;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// A CSV file as an <see cref="ITabularSource"/>: sniffs encoding and delimiter from a buffered
/// sample (so non-seekable streams such as HTTP bodies work), reads the header, then streams
/// records. Facts: <c>encoding</c>, <c>delimiter</c>, <c>lineEnding</c>, and after the read
/// <c>malformedQuotes</c> and <c>endsMidRecord</c>.
/// </summary>
public sealed class CsvTabularSource : ITabularSource
{
    public const string EncodingFact = "encoding";
    public const string DelimiterFact = "delimiter";
    public const string LineEndingFact = "lineEnding";
    public const string MalformedQuotesFact = "malformedQuotes";

    /// <summary>Set at the end when the file ends inside a record (an unclosed quote, or a last line without
    /// a line break and with fewer fields than the header): it was most likely cut off. The value is the
    /// number of that last row.</summary>
    public const string EndsMidRecordFact = "endsMidRecord";

    /// <summary>Set as soon as the decoder has met unreadable bytes; the validator then looks
    /// for them cell by cell.</summary>
    public const string ReplacementCharactersFact = "replacementCharacters";

    private readonly ICsvRecordParser _parser;
    private readonly Dictionary<string, string> _facts;
    private long _rowNumber;

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyDictionary<string, string> Facts => _facts;

    private CsvTabularSource(ICsvRecordParser parser, string[] header, Dictionary<string, string> facts)
    {
        _parser = parser;
        Header = header;
        _facts = facts;
    }

    /// <summary>Sniffs and reads the header. Throws <see cref="TabularReadException"/> (never
    /// anything else for bad content) when the input is empty, binary or not a table.</summary>
    public static async Task<ITabularSource> OpenAsync(Stream input, CsvReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new CsvReadOptions();
        var sample = new byte[options.SniffBytes];
        var filled = 0;
        while (filled < sample.Length)
        {
            var n = await input.ReadAsync(sample.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0) break;
            filled += n;
        }
        var isWholeFile = filled < sample.Length;
        if (filled == 0) throw TabularReadException.EmptyFile();
        var bytes = sample.AsMemory(0, filled);

        SniffedEncoding sniffed = options.Encoding is { } forced
            ? new(forced, forced.WebName, forced.Preamble.Length > 0 && bytes.Span.StartsWith(forced.Preamble) ? forced.Preamble.Length : 0)
            : EncodingSniffer.Detect(bytes.Span, isWholeFile);
        var content = bytes[sniffed.BomLength..];
        if (content.IsEmpty && isWholeFile) throw TabularReadException.EmptyFile();

        var delimiter = options.Delimiter ?? DelimiterSniffer.Detect(DecodeSample(sniffed.Encoding, content.Span));
        var parser = CreateParser(new PrefixedStream(content, input), sniffed.Encoding, delimiter, options);
        try
        {
            var header = await ReadHeaderAsync(parser, options, ct).ConfigureAwait(false);
            var facts = new Dictionary<string, string>
            {
                [EncodingFact] = sniffed.Name,
                [DelimiterFact] = DelimiterSniffer.Describe(delimiter),
            };
            if (parser.SawCrLf || parser.SawLf) facts[LineEndingFact] = parser.SawCrLf ? "CRLF" : "LF";
            return new CsvTabularSource(parser, header, facts);
        }
        catch
        {
            parser.Dispose();
            throw;
        }
    }

    /// <summary>UTF-8 (nearly every file) is split as bytes; other encodings are decoded first.</summary>
    private static ICsvRecordParser CreateParser(Stream content, Encoding encoding, char delimiter, CsvReadOptions options)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage && Utf8CsvRecordParser.Supports(delimiter) && !options.DecodeBeforeSplitting)
            return new Utf8CsvRecordParser(content, delimiter, options.MaxRecordLength);
        var reader = new StreamReader(content, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        return new CsvRecordParser(reader, delimiter, options.MaxRecordLength);
    }

    private static async Task<string[]> ReadHeaderAsync(ICsvRecordParser parser, CsvReadOptions options, CancellationToken ct)
    {
        var header = await parser.ReadAsync(ct).ConfigureAwait(false);
        // Leading blank lines are skipped: some exports start with one.
        while (header is not null && header.Length == 1 && string.IsNullOrWhiteSpace(header[0]))
            header = await parser.ReadAsync(ct).ConfigureAwait(false);
        if (header is null) throw TabularReadException.NoHeader();
        if (header.Length > options.MaxColumns) throw TabularReadException.TooManyColumns(header.Length, options.MaxColumns);
        for (var i = 0; i < header.Length; i++) header[i] = header[i].Trim();
        return header;
    }

    private static string DecodeSample(Encoding encoding, ReadOnlySpan<byte> content)
    {
        // A truncated multi-byte character at the end only costs a replacement character here.
        return encoding.GetString(content);
    }

    public async ValueTask<RawRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var fields = await _parser.ReadAsync(cancellationToken).ConfigureAwait(false);
        return AfterRead(fields is not null) ? new RawRecord(_rowNumber, fields!) : null;
    }

    /// <summary>The byte-level reader when the file is split as UTF-8, or null. The validator
    /// reads through it with <see cref="ReadUtf8Async"/> to check cells without making strings.</summary>
    internal Utf8CsvRecordParser? Utf8Records => _parser as Utf8CsvRecordParser;

    /// <summary>
    /// <see cref="ReadAsync"/> without the strings: the next record's fields are left in
    /// <see cref="Utf8Records"/>. Returns its row number, or 0 at the end. Only for UTF-8 sources.
    /// </summary>
    internal ValueTask<long> ReadUtf8Async(CancellationToken cancellationToken = default)
    {
        var parser = Utf8Records ?? throw new InvalidOperationException("The source is not split as UTF-8.");
        var next = parser.MoveNextAsync(cancellationToken);
        if (next.IsCompletedSuccessfully) return ValueTask.FromResult(AfterRead(next.Result) ? _rowNumber : 0);
        return ReadUtf8AfterAsync(next);
    }

    /// <summary><see cref="ReadUtf8Async"/> without the asynchronous machinery, for a record
    /// already wholly in the reader's buffer (nearly every one); false when the caller must call
    /// <see cref="ReadUtf8Async"/>.</summary>
    internal bool TryReadUtf8Buffered(out long rowNumber)
    {
        var parser = Utf8Records ?? throw new InvalidOperationException("The source is not split as UTF-8.");
        rowNumber = parser.TryMoveNextBuffered() && AfterRead(true) ? _rowNumber : 0;
        return rowNumber != 0;
    }

    private async ValueTask<long> ReadUtf8AfterAsync(ValueTask<bool> next) =>
        AfterRead(await next.ConfigureAwait(false)) ? _rowNumber : 0;

    /// <summary>Numbers the record just read and keeps the facts up to date; false at the end.</summary>
    private bool AfterRead(bool gotRecord)
    {
        if (_parser.SawReplacementCharacter && !_facts.ContainsKey(ReplacementCharactersFact)) _facts[ReplacementCharactersFact] = "true";
        if (!gotRecord)
        {
            if (_parser.MalformedQuotes > 0) _facts[MalformedQuotesFact] = _parser.MalformedQuotes.ToString();
            if (_rowNumber > 0 && (_parser.EndedInsideQuotes || (_parser.UnterminatedRecordFields > 0 && _parser.UnterminatedRecordFields < Header.Count)))
                _facts[EndsMidRecordFact] = _rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_parser.SawCrLf || _parser.SawLf) _facts[LineEndingFact] = _parser.SawCrLf ? "CRLF" : "LF";
            return false;
        }
        _rowNumber++;
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _parser.Dispose();
        return ValueTask.CompletedTask;
    }
}
