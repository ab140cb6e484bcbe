namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>A TextReader with a small lookahead window and line/column tracking for error messages.</summary>
internal sealed class CharReader
{
    public const int Eof = -1;
    private readonly TextReader _reader;
    private char[] _buffer = new char[16 * 1024];
    private int _start, _end;
    private bool _eof;

    public int Line { get; private set; } = 1;
    public int Column { get; private set; } = 1;

    public CharReader(TextReader reader) => _reader = reader;

    public int Peek(int offset = 0)
    {
        if (_start + offset >= _end && !Fill(offset + 1)) return Eof;
        return _buffer[_start + offset];
    }

    public int Read()
    {
        int c = Peek();
        if (c == Eof) return Eof;
        _start++;
        if (c == '\n') { Line++; Column = 1; } else Column++;
        return c;
    }

    public void Skip(int count)
    {
        for (int i = 0; i < count; i++) Read();
    }

    public bool StartsWith(string text)
    {
        for (int i = 0; i < text.Length; i++)
            if (Peek(i) != text[i]) return false;
        return true;
    }

    private bool Fill(int needed)
    {
        while (_end - _start < needed)
        {
            if (_eof) return false;
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) { _eof = true; return _end - _start >= needed; }
            _end += read;
        }
        return true;
    }
}
