using System.Runtime.CompilerServices;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// 64-bit hashes for the uniqueness and duplicate-row checks. Keeping 8 bytes per row instead of
/// the values keeps memory flat in the row width; with 64 bits a false duplicate among a million
/// rows has a probability below one in ten million.
/// </summary>
internal static class Hash64
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Start => Offset;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        // Four characters at a time; the final mix spreads the bits again.
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(text);
        foreach (var w in words) hash = (hash ^ w) * Prime;

        for (var i = words.Length * 4; i < text.Length; i++) hash = (hash ^ text[i]) * Prime;
        hash = Mix(hash ^ (ulong)text.Length);
        // A separator that cannot occur in text keeps ("ab","c") apart from ("a","bc").
        return (hash ^ 0xFFFF) * Prime;
    }

    public static ulong Add(ulong hash, ulong value) => Mix(hash ^ value) * Prime;

    public static ulong Add(ulong hash, object? value) => value switch
    {
        null => Add(hash, 0x9E3779B97F4A7C15UL),
        string s => Add(hash, s.AsSpan()),
        long l => Add(hash, (ulong)l),
        int i => Add(hash, (ulong)i),
        double d => Add(hash, (ulong)BitConverter.DoubleToInt64Bits(d == 0 ? 0 : d)),
        bool b => Add(hash, b ? 1UL : 2UL),
        DateOnly d => Add(hash, (ulong)d.DayNumber),
        TimeOnly t => Add(hash, (ulong)t.Ticks),
        DateTimeOffset dt => Add(hash, (ulong)dt.UtcTicks),
        decimal m => Add(hash, m.ToString(System.Globalization.CultureInfo.InvariantCulture).AsSpan()),
        GeoPoint p => Add(Add(hash, (ulong)BitConverter.DoubleToInt64Bits(p.Latitude)), (ulong)BitConverter.DoubleToInt64Bits(p.Longitude)),
        _ => Add(hash, value.ToString().AsSpan()),
    };

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
        return x;
    }
}
