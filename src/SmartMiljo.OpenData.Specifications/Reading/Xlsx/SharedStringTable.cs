using System.Buffers.Binary;
using System.Text;
using System.Xml;

namespace SmartMiljo.OpenData.Specifications.Reading.Xlsx;

/// <summary>
/// The workbook's shared strings (most text cells hold an index into them), in bounded memory:
/// kept as strings while they fit in <see cref="MemoryBudgetChars"/>, and beyond that moved to a
/// temporary file (UTF-8 text plus an 8-byte offset per string), from which each one is read back
/// when a cell needs it. The operating system's file cache keeps that fast; the process holds
/// only a small cache of recent strings, whatever the table's size.
/// </summary>
internal sealed class SharedStringTable : IDisposable
{
    /// <summary>Characters kept in memory before the table moves to disk (about 16 MB of strings).</summary>
    internal static int MemoryBudgetChars { get; set; } = 8 * 1024 * 1024;

    /// <summary>Strings kept in memory before the table moves to disk, however short they are.</summary>
    internal static int MemoryBudgetStrings { get; set; } = 200_000;

    private List<string>? _strings = [];
    private long _chars;
    private FileStream? _text, _offsets;
    private long _textLength;
    private int _count;
    private readonly string?[] _recent = new string?[4096];
    private readonly int[] _recentIndex = new int[4096];

    public int Count => _count;

    /// <summary>True once the table lives in its temporary files.</summary>
    public bool OnDisk => _text is not null;

    public static SharedStringTable Read(XlsxPackage package, string? part)
    {
        var table = new SharedStringTable();
        if (part is null) return table;
        using var xml = package.Read(part);
        if (xml is null) return table;
        try
        {
            XlsxPackage.Safely(() =>
            {
                var text = new StringBuilder();
                while (XlsxPackage.NextElement(xml))
                {
                    if (xml.LocalName != "si") continue;
                    text.Clear();
                    if (!xml.IsEmptyElement) ReadItem(xml, text);
                    table.Add(text.ToString());
                }
            });
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    /// <summary>The text of one <c>si</c>: its <c>t</c>, or the <c>t</c> of each rich-text run;
    /// phonetic guides (<c>rPh</c>) are not part of the text.</summary>
    internal static void ReadItem(XmlReader xml, StringBuilder text)
    {
        var depth = xml.Depth;
        var skipDepth = -1;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) return;
            if (xml.Depth > depth + XlsxPackage.MaxDepth) throw XlsxPackage.TooDeep();
            if (skipDepth >= 0)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == skipDepth) skipDepth = -1;
                continue;
            }
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh" && !xml.IsEmptyElement) { skipDepth = xml.Depth; continue; }
            XlsxPackage.AppendText(xml, text);
        }
    }

    private void Add(string value)
    {
        if (_strings is not null)
        {
            _strings.Add(value);
            _chars += value.Length;
            _count++;
            if (_chars > MemoryBudgetChars || _count > MemoryBudgetStrings) MoveToDisk();
            return;
        }
        Append(value);
    }

    private void MoveToDisk()
    {
        _text = TemporaryFile();
        _offsets = TemporaryFile();
        var strings = _strings!;
        _strings = null;
        _count = 0;
        foreach (var s in strings) Append(s);
    }

    private static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), "smartmiljo-xlsx-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    private void Append(string value)
    {
        Span<byte> offset = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(offset, _textLength);
        _offsets!.Write(offset);
        var bytes = Encoding.UTF8.GetBytes(value);
        _text!.Write(bytes);
        _textLength += bytes.Length;
        _count++;
    }

    /// <summary>The string at <paramref name="index"/>, or null when there is none.</summary>
    public string? Get(int index)
    {
        if ((uint)index >= (uint)_count) return null;
        if (_strings is not null) return _strings[index];
        var slot = index & (_recent.Length - 1);
        if (_recentIndex[slot] == index + 1) return _recent[slot];
        var value = ReadFromDisk(index);
        _recent[slot] = value;
        _recentIndex[slot] = index + 1;
        return value;
    }

    private string ReadFromDisk(int index)
    {
        FlushOnce();
        Span<byte> pair = stackalloc byte[16];
        var last = index == _count - 1;
        RandomAccess.Read(_offsets!.SafeFileHandle, last ? pair[..8] : pair, index * 8L);
        var start = BinaryPrimitives.ReadInt64LittleEndian(pair);
        var end = last ? _textLength : BinaryPrimitives.ReadInt64LittleEndian(pair[8..]);
        var length = (int)(end - start);
        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        RandomAccess.Read(_text!.SafeFileHandle, buffer, start);
        return Encoding.UTF8.GetString(buffer);
    }

    private bool _flushed;

    private void FlushOnce()
    {
        if (_flushed) return;
        _text!.Flush();
        _offsets!.Flush();
        _flushed = true;
    }

    public void Dispose()
    {
        _text?.Dispose();
        _offsets?.Dispose();
    }
}
