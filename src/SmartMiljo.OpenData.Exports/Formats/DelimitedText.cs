using System.Buffers;
using System.Text;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>
/// What every CSV download shares: a header row of field names, one line per row with CRLF ends, cells quoted
/// only when they hold the separator, a quote, a line break or edge spaces (quotes doubled), UTF-8 written in
/// bounded chunks, and text cells passed through <see cref="SpreadsheetFormulaGuard"/> in the files meant for
/// spreadsheets. The formats differ only in separator, byte-order mark, how a value becomes text and what a
/// missing value is.
/// </summary>
internal sealed class DelimitedText
{
    private const int FlushThresholdChars = 32 * 1024;

    private readonly char _separator;
    private readonly SearchValues<char> _needsQuotes;

    public DelimitedText(char separator)
    {
        _separator = separator;
        _needsQuotes = SearchValues.Create([separator, '"', '\r', '\n']);
    }

    /// <param name="cellText">Text of a non-null, non-string value.</param>
    /// <param name="missing">Text of a null.</param>
    /// <param name="guardFormulas">Whether text cells a spreadsheet would run as formulas get the guard mark.</param>
    /// <param name="formulaCells">When given, the byte position (after any byte-order mark) where each such cell's
    /// text starts is recorded instead, so the spreadsheet file can be derived from this one.</param>
    public async Task WriteAsync(Stream output, IReadOnlyList<FieldDefinition> fields, IAsyncEnumerable<object?[]> rows,
        bool byteOrderMark, Func<object, FieldDefinition, string> cellText, string missing, bool guardFormulas,
        FormulaCellPositions? formulaCells, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(byteOrderMark), 64 * 1024, leaveOpen: true);
        var line = new Line(new StringBuilder(1024), formulaCells);

        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) line.Text.Append(_separator);
            AppendText(line, fields[i].Name, guardFormulas);
        }
        line.Text.Append("\r\n");

        await foreach (var row in rows.WithCancellation(ct))
        {
            RowShape.Check(row, fields.Count);
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0) line.Text.Append(_separator);
                switch (row[i])
                {
                    case null: AppendCell(line, missing, guard: false, guardFormulas); break;
                    case string text: AppendText(line, text, guardFormulas); break;
                    case var value: AppendCell(line, cellText(value, fields[i]), guard: false, guardFormulas); break;
                }
            }
            line.Text.Append("\r\n");
            if (line.Text.Length >= FlushThresholdChars) await line.FlushAsync(writer, ct);
        }
        await line.FlushAsync(writer, ct);
        await writer.FlushAsync(ct);
    }

    private void AppendText(Line line, string text, bool guardFormulas) =>
        AppendCell(line, text, SpreadsheetFormulaGuard.Needs(text), guardFormulas);

    private void AppendCell(Line line, string text, bool guard, bool guardFormulas)
    {
        // The mark never changes whether a cell is quoted (it is no separator, quote, line break or space,
        // and a guarded text starts with none of those), so it goes right where the text starts.
        var quoted = text.Length > 0 && (text[0] == ' ' || text[^1] == ' ' || text.AsSpan().IndexOfAny(_needsQuotes) >= 0);
        var builder = line.Text;
        if (quoted) builder.Append('"');
        if (guard)
        {
            if (guardFormulas) builder.Append(SpreadsheetFormulaGuard.Mark);
            else line.RecordFormulaCellHere();
        }
        if (!quoted)
        {
            builder.Append(text);
            return;
        }
        foreach (var c in text)
        {
            if (c == '"') builder.Append('"');
            builder.Append(c);
        }
        builder.Append('"');
    }

    /// <summary>The text waiting to be written, and (when formula cells are recorded) how many bytes came before it.</summary>
    private sealed class Line(StringBuilder text, FormulaCellPositions? formulaCells)
    {
        private long _bytesBefore;
        private int _countedChars;
        private long _countedBytes;

        public StringBuilder Text { get; } = text;

        /// <summary>Records the byte position of the end of the text so far (bytes are counted only while
        /// positions are recorded: a vectorised UTF-8 count per chunk, next to nothing beside the formatting).</summary>
        public void RecordFormulaCellHere()
        {
            if (formulaCells is null) return;
            _countedBytes += ByteCount(_countedChars, Text.Length - _countedChars);
            _countedChars = Text.Length;
            formulaCells.Add(_bytesBefore + _countedBytes);
        }

        public async Task FlushAsync(StreamWriter writer, CancellationToken ct)
        {
            if (formulaCells is not null)
                _bytesBefore += _countedBytes + ByteCount(_countedChars, Text.Length - _countedChars);
            _countedChars = 0;
            _countedBytes = 0;
            await writer.WriteAsync(Text, ct);
            Text.Clear();
        }

        private long ByteCount(int start, int length)
        {
            if (length == 0) return 0;
            var chars = ArrayPool<char>.Shared.Rent(length);
            try
            {
                Text.CopyTo(start, chars, 0, length);
                return Encoding.UTF8.GetByteCount(chars, 0, length);
            }
            finally { ArrayPool<char>.Shared.Return(chars); }
        }
    }
}
