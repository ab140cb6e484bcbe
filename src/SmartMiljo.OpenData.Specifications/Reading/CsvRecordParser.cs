namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// An RFC 4180 record parser over a <see cref="TextReader"/>: quoted fields with doubled quotes,
/// delimiters and line breaks inside quotes, CRLF or LF. Lenient where real files are sloppy (a
/// stray quote inside an unquoted field is kept as text and counted). Memory is bounded by the
/// longest record, which is itself capped.
/// </summary>
internal sealed class CsvRecordParser : ICsvRecordParser
{
    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly int _maxRecordLength;
    private readonly char[] _buffer = new char[64 * 1024];
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _skipLineFeed;

    private char[] _field = new char[256];
    private int _fieldLength;
    private int _recordLength;
    private readonly List<string> _fields = new(64);
    private readonly ShortStringPool _strings = new();
    // A field found whole in the read buffer, not yet turned into a string (-1: none).
    private int _pendingStart, _pendingLength = -1;

    public long RecordsRead { get; private set; }
    public int MalformedQuotes { get; private set; }
    public bool SawCrLf { get; private set; }
    public bool SawLf { get; private set; }
    public int UnterminatedRecordFields { get; private set; }
    public bool EndedInsideQuotes { get; private set; }

    /// <summary>The decoder met bytes it could not read and put U+FFFD in their place.</summary>
    public bool SawReplacementCharacter { get; private set; }

    public CsvRecordParser(TextReader reader, char delimiter, int maxRecordLength)
    {
        _reader = reader;
        _delimiter = delimiter;
        _maxRecordLength = maxRecordLength;
    }

    /// <summary>The next record's fields, or null at the end of the input.</summary>
    public async ValueTask<string[]?> ReadAsync(CancellationToken ct)
    {
        _fields.Clear();
        _fieldLength = 0;
        _recordLength = 0;
        var state = State.FieldStart;
        var any = false;
        while (true)
        {
            if (_pos >= _len)
            {
                if (_eof || !await FillAsync(ct))
                {
                    if (!any) return null;
                    if (state == State.Quoted)
                    {
                        MalformedQuotes++; // a quote never closed
                        EndedInsideQuotes = true;
                    }
                    EndField();
                    UnterminatedRecordFields = _fields.Count;
                    return Complete();
                }
            }
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_pos] == '\n') { SawCrLf = true; _pos++; continue; }
            }
            any = true;
            if (Scan(ref state)) return Complete();
        }
    }

    /// <summary>Consumes buffered characters; true when a record ended.</summary>
    private bool Scan(ref State state)
    {
        var delimiter = _delimiter;
        while (_pos < _len)
        {
            switch (state)
            {
                case State.FieldStart:
                    if (_buffer[_pos] == '"') { _pos++; state = State.Quoted; continue; }
                    state = State.Unquoted;
                    goto case State.Unquoted;

                case State.Unquoted:
                {
                    var span = _buffer.AsSpan(_pos, _len - _pos);
                    var idx = span.IndexOfAny(delimiter, '\n', '\r');
                    if (idx < 0) { Append(span); _pos = _len; return false; }
                    if (_fieldLength == 0)
                    {
                        // The whole field is in the buffer: make the string straight from it.
                        _recordLength += idx;
                        if (_recordLength > _maxRecordLength) throw TabularReadException.RecordTooLong(RecordsRead + 1, _maxRecordLength);
                        _pendingStart = _pos;
                        _pendingLength = idx;
                        _pos += idx;
                        if (EndOfFieldAt(ref state)) return true;
                        continue;
                    }
                    Append(span[..idx]);
                    _pos += idx;
                    if (EndOfFieldAt(ref state)) return true;
                    continue;
                }

                case State.Quoted:
                {
                    var span = _buffer.AsSpan(_pos, _len - _pos);
                    var idx = span.IndexOf('"');
                    if (idx < 0) { Append(span); _pos = _len; return false; }
                    Append(span[..idx]);
                    _pos += idx + 1;
                    state = State.QuoteInQuoted;
                    continue;
                }

                case State.QuoteInQuoted:
                {
                    var c = _buffer[_pos];
                    if (c == '"') { Append("\""); _pos++; state = State.Quoted; continue; }
                    if (c == delimiter || c == '\n' || c == '\r')
                    {
                        if (EndOfFieldAt(ref state)) return true;
                        continue;
                    }
                    // Text after a closing quote ("abc"def): keep it, as most tools do, and count it.
                    MalformedQuotes++;
                    state = State.Unquoted;
                    continue;
                }
            }
        }
        return false;
    }

    /// <summary>At a delimiter or line break: ends the field; true when the record ended too.</summary>
    private bool EndOfFieldAt(ref State state)
    {
        var c = _buffer[_pos++];
        EndField();
        if (c == _delimiter) { state = State.FieldStart; return false; }
        if (c == '\r') _skipLineFeed = true; else SawLf = true;
        return true;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty) return;
        _recordLength += chars.Length;
        if (_recordLength > _maxRecordLength)
            throw TabularReadException.RecordTooLong(RecordsRead + 1, _maxRecordLength);
        if (_fieldLength + chars.Length > _field.Length)
            Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + chars.Length));
        chars.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += chars.Length;
    }

    private void EndField()
    {
        if (_pendingLength >= 0)
        {
            _fields.Add(_strings.Get(_buffer.AsSpan(_pendingStart, _pendingLength)));
            _pendingLength = -1;
        }
        else _fields.Add(_fieldLength == 0 ? string.Empty : _strings.Get(_field.AsSpan(0, _fieldLength)));
        _fieldLength = 0;
    }

    private string[] Complete()
    {
        RecordsRead++;
        return _fields.ToArray();
    }

    public void Dispose() => _reader.Dispose();

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        _len = await _reader.ReadAsync(_buffer.AsMemory(), ct).ConfigureAwait(false);
        _pos = 0;
        if (_len == 0) _eof = true;
        else if (!SawReplacementCharacter && _buffer.AsSpan(0, _len).ContainsAny('\uFFFD', '\0')) SawReplacementCharacter = true;
        return _len > 0;
    }
}
