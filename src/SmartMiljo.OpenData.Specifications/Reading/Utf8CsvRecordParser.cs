using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// The UTF-8 twin of <see cref="CsvRecordParser"/>: the same RFC 4180 rules and the same leniency,
/// but it splits raw bytes with vectorised searches and decodes each field once, straight into its
/// string, instead of decoding the whole file to UTF-16 first. Delimiters, quotes and line breaks
/// are ASCII and never occur inside a multi-byte sequence, so splitting before decoding gives the
/// same fields, invalid bytes included (they become U+FFFD either way).
/// A record is always parsed whole from the buffer; when it runs past the end, the buffer is
/// compacted (and grown if the record is longer than it) and the record is parsed again.
/// Longer than our usual file: the validator's hot loop, kept in one sealed class so the field, quote
/// and line-break paths share its buffer state without indirection (see bench/validate).
/// </summary>
internal sealed class Utf8CsvRecordParser : ICsvRecordParser
{
    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private const byte Quote = (byte)'"';
    private const int InitialBufferSize = 1 << 20;

    private readonly Stream _input;
    private readonly byte _delimiter;
    private readonly int _maxRecordLength;
    private readonly bool[] _isFieldStop;
    private readonly ShortStringPool _strings = new();
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _skipLineFeed;
    private int _checkedUpTo; // bytes of the buffer before this were checked by CheckEncoding

    // The fields of the record being parsed: an offset into the buffer, or ~offset into the
    // arena for a field whose content is not one contiguous run (doubled quotes, "ab"cd).
    private int[] _fieldStart = new int[64];
    private int[] _fieldLength = new int[64];
    private int _fieldCount;
    private byte[] _arena = new byte[256];
    private int _arenaLength;
    private int _pieceStart = -1, _pieceLength;
    private int _arenaStart = -1;
    private long _contentBytes;

    public long RecordsRead { get; private set; }
    public int MalformedQuotes { get; private set; }
    public int UnterminatedRecordFields { get; private set; }
    public bool EndedInsideQuotes { get; private set; }
    public bool SawCrLf { get; private set; }
    public bool SawLf { get; private set; }
    public bool SawReplacementCharacter { get; private set; }

    /// <summary>True when <paramref name="delimiter"/> can be searched for as a single byte.</summary>
    public static bool Supports(char delimiter) => delimiter is > '\0' and < (char)0x80 and not ('"' or '\r' or '\n');

    public Utf8CsvRecordParser(Stream input, char delimiter, int maxRecordLength)
    {
        if (!Supports(delimiter)) throw new ArgumentOutOfRangeException(nameof(delimiter));
        _input = input;
        _delimiter = (byte)delimiter;
        _maxRecordLength = maxRecordLength;
        _isFieldStop = new bool[256];
        _isFieldStop[_delimiter] = _isFieldStop['\n'] = _isFieldStop['\r'] = true;
    }

    public ValueTask<string[]?> ReadAsync(CancellationToken ct)
    {
        var next = MoveNextAsync(ct);
        if (next.IsCompletedSuccessfully) return ValueTask.FromResult(next.Result ? Materialise() : null);
        return ReadAfterAsync(next);
    }

    private async ValueTask<string[]?> ReadAfterAsync(ValueTask<bool> next) =>
        await next.ConfigureAwait(false) ? Materialise() : null;

    /// <summary>
    /// Parses the next record into field offsets without making any string: its fields are then
    /// <see cref="FieldCount"/> and <see cref="Field"/> until the next call. False at the end.
    /// </summary>
    public ValueTask<bool> MoveNextAsync(CancellationToken ct) =>
        TryMoveNextBuffered() ? ValueTask.FromResult(true) : MoveNextSlowAsync(ct);

    /// <summary>
    /// <see cref="MoveNextAsync"/> for the common case that needs no I/O: true when the next
    /// record was already wholly in the buffer and is now parsed; false when
    /// <see cref="MoveNextAsync"/> must read on (nothing is consumed then).
    /// </summary>
    public bool TryMoveNextBuffered()
    {
        if (_skipLineFeed && _pos < _len)
        {
            _skipLineFeed = false;
            if (_buffer[_pos] == (byte)'\n') { SawCrLf = true; _pos++; }
        }
        return _pos < _len && TryParseRecord(atEof: false);
    }

    private async ValueTask<bool> MoveNextSlowAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_pos >= _len && !_eof) await FillAsync(ct).ConfigureAwait(false);
            if (_skipLineFeed && _pos < _len)
            {
                _skipLineFeed = false;
                if (_buffer[_pos] == (byte)'\n') { SawCrLf = true; _pos++; continue; }
            }
            if (_pos >= _len)
            {
                if (_eof) return false;
                continue;
            }
            if (TryParseRecord(_eof)) return true;
            if (_len - _pos > 3L * _maxRecordLength + InitialBufferSize) throw TabularReadException.RecordTooLong(RecordsRead + 1, _maxRecordLength);
            await FillAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Parses the record at <see cref="_pos"/>; false when it continues past the data
    /// read so far (unless <paramref name="atEof"/>, where the end of data ends it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseRecord(bool atEof)
    {
        var buffer = _buffer;
        var end = _len;
        var i = _pos;
        var state = State.FieldStart;
        var malformed = 0;
        var sawLf = false;
        var skipLineFeed = false;
        _fieldCount = 0;
        _arenaLength = 0;
        _contentBytes = 0;
        ResetField();

        // The fast lane: unquoted fields (nearly all) go straight into the field arrays. At a
        // quote, or at the end of the data read so far, the state machine below takes over from
        // the start of that field.
        if (Vector128.IsHardwareAccelerated && i < end && buffer[i] != Quote)
        {
            // Sixteen bytes at a time: every delimiter and line break in them ends a field, so
            // one comparison serves several short fields.
            var delimiter = Vector128.Create(_delimiter);
            var lineFeed = Vector128.Create((byte)'\n');
            var carriageReturn = Vector128.Create((byte)'\r');
            ref var first = ref MemoryMarshal.GetArrayDataReference(buffer);
            for (var block = i; block <= end - Vector128<byte>.Count; block += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)block);
                var stops = (Vector128.Equals(bytes, delimiter) | Vector128.Equals(bytes, lineFeed) | Vector128.Equals(bytes, carriageReturn)).ExtractMostSignificantBits();
                while (stops != 0)
                {
                    var stop = block + BitOperations.TrailingZeroCount(stops);
                    stops &= stops - 1;
                    AddUnquotedField(i, stop);
                    var c = buffer[stop];
                    i = stop + 1;
                    if (c != _delimiter)
                    {
                        if (c == (byte)'\r') skipLineFeed = true; else sawLf = true;
                        goto RecordDone;
                    }
                    if (i < end && buffer[i] == Quote) goto SlowLane;
                }
            }
        }

        while (i < end && buffer[i] != Quote)
        {
            var stop = FindFieldStop(buffer, i, end);
            if (stop == end) break;
            AddUnquotedField(i, stop);
            var c = buffer[stop];
            i = stop + 1;
            if (c == _delimiter) continue;
            if (c == (byte)'\r') skipLineFeed = true; else sawLf = true;
            goto RecordDone;
        }

    SlowLane:
        while (true)
        {
            switch (state)
            {
                case State.FieldStart:
                    if (i >= end) goto OutOfData;
                    if (buffer[i] == Quote) { i++; state = State.Quoted; continue; }
                    state = State.Unquoted;
                    goto case State.Unquoted;

                case State.Unquoted:
                {
                    var stop = FindFieldStop(buffer, i, end);
                    AppendPiece(i, stop - i);
                    i = stop;
                    if (i == end) goto OutOfData;
                    goto EndOfField;
                }

                case State.Quoted:
                {
                    var idx = buffer.AsSpan(i, end - i).IndexOf(Quote);
                    if (idx < 0) { AppendPiece(i, end - i); i = end; goto OutOfData; }
                    AppendPiece(i, idx);
                    i += idx + 1;
                    state = State.QuoteInQuoted;
                    continue;
                }

                case State.QuoteInQuoted:
                {
                    if (i >= end) goto OutOfData;
                    var c = buffer[i];
                    if (c == Quote) { AppendPiece(i, 1); i++; state = State.Quoted; continue; }
                    if (c == _delimiter || c == (byte)'\n' || c == (byte)'\r') goto EndOfField;
                    // Text after a closing quote ("abc"def): kept, as most tools do, and counted.
                    malformed++;
                    state = State.Unquoted;
                    continue;
                }
            }

        EndOfField:
            {
                var c = buffer[i++];
                EndField();
                if (c == _delimiter) { state = State.FieldStart; continue; }
                if (c == (byte)'\r') skipLineFeed = true; else sawLf = true;
                break;
            }

        OutOfData:
            if (!atEof)
            {
                // Too long already? Then stop before buffering more of it.
                if (_contentBytes > _maxRecordLength && PartialContentChars() > _maxRecordLength)
                    throw TabularReadException.RecordTooLong(RecordsRead + 1, _maxRecordLength);
                return false;
            }
            if (state == State.Quoted)
            {
                malformed++; // a quote never closed
                EndedInsideQuotes = true;
            }
            EndField();
            UnterminatedRecordFields = _fieldCount;
            break;
        }

    RecordDone:
        if (_contentBytes > _maxRecordLength && ContentChars() > _maxRecordLength)
            throw TabularReadException.RecordTooLong(RecordsRead + 1, _maxRecordLength);
        _pos = i;
        MalformedQuotes += malformed;
        if (sawLf) SawLf = true;
        _skipLineFeed = skipLineFeed;
        RecordsRead++;
        return true;
    }

    /// <summary>The delimiter or line break ending an unquoted field that starts at
    /// <paramref name="start"/>, or <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindFieldStop(byte[] buffer, int start, int end)
    {
        // Sixteen bytes at a time, compared with all three stops at once: one step for most
        // fields, without the set-up of a general search.
        var stop = start;
        if (Vector128.IsHardwareAccelerated)
        {
            var delimiter = Vector128.Create(_delimiter);
            var lineFeed = Vector128.Create((byte)'\n');
            var carriageReturn = Vector128.Create((byte)'\r');
            ref var first = ref MemoryMarshal.GetArrayDataReference(buffer);
            for (; stop <= end - Vector128<byte>.Count; stop += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)stop);
                var hits = Vector128.Equals(bytes, delimiter) | Vector128.Equals(bytes, lineFeed) | Vector128.Equals(bytes, carriageReturn);
                if (hits != Vector128<byte>.Zero) return stop + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
            }
        }
        var isStop = _isFieldStop;
        while (stop < end && !isStop[buffer[stop]]) stop++;
        return stop;
    }

    /// <summary>Records an unquoted field, the bytes from <paramref name="start"/> up to its delimiter or line end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddUnquotedField(int start, int stop)
    {
        if (_fieldCount == _fieldStart.Length) GrowFields();
        _fieldStart[_fieldCount] = start;
        _fieldLength[_fieldCount] = stop - start;
        _fieldCount++;
        _contentBytes += stop - start;
    }

    private void GrowFields()
    {
        Array.Resize(ref _fieldStart, _fieldCount * 2);
        Array.Resize(ref _fieldLength, _fieldCount * 2);
    }

    private void ResetField()
    {
        _pieceStart = -1;
        _pieceLength = 0;
        _arenaStart = -1;
    }

    /// <summary>Adds a run of content bytes to the current field; a second run moves the field to the arena.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendPiece(int start, int length)
    {
        if (length == 0) return;
        _contentBytes += length;
        if (_arenaStart < 0 && _pieceStart < 0) { _pieceStart = start; _pieceLength = length; return; }
        AppendToArena(start, length);
    }

    private void AppendToArena(int start, int length)
    {
        if (_arenaStart < 0)
        {
            _arenaStart = _arenaLength;
            CopyToArena(_pieceStart, _pieceLength);
        }
        CopyToArena(start, length);
    }

    private void CopyToArena(int start, int length)
    {
        if (_arenaLength + length > _arena.Length)
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + length));
        _buffer.AsSpan(start, length).CopyTo(_arena.AsSpan(_arenaLength));
        _arenaLength += length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndField()
    {
        if (_fieldCount == _fieldStart.Length) GrowFields();
        if (_arenaStart >= 0)
        {
            _fieldStart[_fieldCount] = ~_arenaStart;
            _fieldLength[_fieldCount] = _arenaLength - _arenaStart;
        }
        else
        {
            _fieldStart[_fieldCount] = _pieceStart < 0 ? 0 : _pieceStart;
            _fieldLength[_fieldCount] = _pieceLength;
        }
        _fieldCount++;
        ResetField();
    }

    /// <summary>The number of fields of the record last parsed by <see cref="MoveNextAsync"/>.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>A field's length in bytes (quotes removed), without making its span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FieldLength(int index) => _fieldLength[index];

    /// <summary>A field's content as UTF-8 bytes, quotes removed; valid until the next record is parsed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int index)
    {
        var start = _fieldStart[index];
        return start >= 0 ? _buffer.AsSpan(start, _fieldLength[index]) : _arena.AsSpan(~start, _fieldLength[index]);
    }

    /// <summary>The record's length in characters, as <see cref="CsvReadOptions.MaxRecordLength"/> counts it.</summary>
    private long ContentChars()
    {
        long chars = 0;
        for (var f = 0; f < _fieldCount; f++) chars += Encoding.UTF8.GetCharCount(Field(f));
        return chars;
    }

    /// <summary>The same for a record cut short by the end of the buffer: its fields so far.</summary>
    private long PartialContentChars()
    {
        var chars = ContentChars();
        if (_arenaStart >= 0) chars += Encoding.UTF8.GetCharCount(_arena.AsSpan(_arenaStart, _arenaLength - _arenaStart));
        else if (_pieceStart >= 0) chars += Encoding.UTF8.GetCharCount(_buffer.AsSpan(_pieceStart, _pieceLength));
        return chars;
    }

    /// <summary>A field as a string (short ASCII values shared), decoded exactly as <see cref="ReadAsync"/> decodes it.</summary>
    public string FieldString(int index) => _strings.Get(Field(index));

    /// <summary>Every field of the record last parsed, as strings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string[] Materialise()
    {
        var fields = new string[_fieldCount];
        for (var f = 0; f < fields.Length; f++) fields[f] = _strings.Get(Field(f));
        return fields;
    }

    /// <summary>Keeps the unparsed tail, grows the buffer when the tail fills it, and reads more.</summary>
    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (_pos > 0)
        {
            _buffer.AsSpan(_pos, _len - _pos).CopyTo(_buffer);
            _len -= _pos;
            _checkedUpTo -= _pos;
            _pos = 0;
        }
        if (_len == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var n = await _input.ReadAsync(_buffer.AsMemory(_len), ct).ConfigureAwait(false);
        if (n == 0) _eof = true;
        _len += n;
        CheckEncoding();
    }

    /// <summary>
    /// Looks for bytes the decoder will turn into U+FFFD (or U+FFFD itself, or U+0000) in what was just read,
    /// in one pass per buffer. This sets the flag before the record holding them is returned, as
    /// the decoding reader does. A multi-byte character cut off at the end waits for the next read.
    /// </summary>
    private void CheckEncoding()
    {
        if (SawReplacementCharacter || _checkedUpTo >= _len) return;
        var end = _len;
        if (!_eof)
        {
            // Step back over an incomplete trailing sequence: at most three continuation bytes and their lead.
            var back = end - 1;
            while (back > _checkedUpTo && end - back < 4 && (_buffer[back] & 0xC0) == 0x80) back--;
            if (_buffer[back] >= 0xC0) end = back;
        }
        var span = _buffer.AsSpan(_checkedUpTo, end - _checkedUpTo);
        // U+0000 counts too: it is no text character, and PostgreSQL's text cannot hold it.
        if (!Utf8.IsValid(span) || span.IndexOf("\uFFFD"u8) >= 0 || span.IndexOf((byte)0) >= 0) SawReplacementCharacter = true;
        _checkedUpTo = end;
    }

    public void Dispose() => _input.Dispose();
}
