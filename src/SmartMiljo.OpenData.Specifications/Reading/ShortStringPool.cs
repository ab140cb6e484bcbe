using System.Text;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// Reuses the string instances of short, repeated cell values ("true", "false", "lake", "SE"),
/// which fill most columns of real files: one allocation per distinct value instead of one per
/// cell. A direct-mapped cache: a clash just replaces the entry, so memory stays fixed.
/// </summary>
internal sealed class ShortStringPool
{
    private const int MaxLength = 8;
    private readonly string?[] _slots = new string?[512];
    private readonly string?[] _utf8Slots = new string?[512];

    public string Get(ReadOnlySpan<char> chars)
    {
        if (chars.Length == 0) return string.Empty;
        if (chars.Length > MaxLength) return new string(chars);
        var hash = (uint)chars.Length;
        foreach (var c in chars) hash = (hash * 31) ^ c;
        ref var slot = ref _slots[(hash ^ (hash >> 9)) & (uint)(_slots.Length - 1)];
        if (slot is not null && chars.SequenceEqual(slot)) return slot;
        return slot = new string(chars);
    }

    /// <summary>The same for UTF-8 bytes: short ASCII values are pooled, anything else is decoded.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) return string.Empty;
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        // Up to eight bytes fit one word: one test says "all ASCII", one multiply hashes them.
        ulong word = 0;
        utf8.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<ulong>(ref word)));
        if ((word & 0x8080808080808080UL) != 0) return Encoding.UTF8.GetString(utf8);
        var hash = (uint)(((word ^ (ulong)utf8.Length) * 0x9E3779B97F4A7C15UL) >> 40);
        ref var slot = ref _utf8Slots[hash & (uint)(_utf8Slots.Length - 1)];
        if (slot is not null && slot.Length == utf8.Length && Ascii.Equals(utf8, slot)) return slot;
        return slot = Encoding.ASCII.GetString(utf8);
    }
}
