using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// The uniqueness and duplicate-row checks' memory: each 64-bit hash (<see cref="Hash64"/>) with
/// the row that first had it. Open addressing with linear probing over arrays of 12-byte slots, at
/// most half full: an insert into a million entries usually touches one cache line, where a
/// <see cref="Dictionary{TKey, TValue}"/> touches two (bucket, then entry) and both miss.
/// </summary>
/// <remarks>
/// <para>The slots live in native memory, freed as soon as a table grows or the validation ends. As
/// managed arrays they sat on the large object heap as garbage until the next full collection, which
/// a harvest often does not reach before it generates its downloads.</para>
/// <para>The table is split into <see cref="Segments"/> segments by the hash's top bits, each growing
/// on its own. One table of a million keys doubled from 16 to 32 MB in one step and held both while
/// it copied (48 MB at once, the harvest's peak); a segment holds a 64th of that. A slot keeps the row
/// in 32 bits (rows beyond 4,294,967,294 go to a small side table), so a million keys take 24 MB.</para>
/// </remarks>
internal sealed unsafe class RowHashIndex : IDisposable
{
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct Slot
    {
        public ulong Hash;
        public uint Row;
    }

    private struct Segment
    {
        public Slot* Slots;
        public int Length;
        public int Shift;
        public int Count;
    }

    private const int SegmentBits = 6;
    public const int Segments = 1 << SegmentBits;
    private const int InitialSegmentLength = 16;

    /// <summary>Stands in a slot for a row too far down for 32 bits; the row itself is in <see cref="_farRows"/>.</summary>
    private const uint FarRow = uint.MaxValue;

    private Segment[]? _segments = new Segment[Segments];
    private Dictionary<ulong, long>? _farRows;
    private int _count;
    private long _bytes;

    public RowHashIndex()
    {
        for (var s = 0; s < Segments; s++)
        {
            _segments[s].Slots = Allocate(InitialSegmentLength);
            _segments[s].Length = InitialSegmentLength;
            _segments[s].Shift = 64 - BitOperations.Log2(InitialSegmentLength);
        }
        _bytes = (long)Segments * InitialSegmentLength * sizeof(Slot);
        PeakBytes = _bytes;
    }

    ~RowHashIndex() => Free();

    public int Count => _count;

    /// <summary>The native memory the slots take now.</summary>
    public long Bytes => _bytes;

    /// <summary>The most native memory the slots took at any moment, growth included.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Records the hash for <paramref name="row"/>; false when some row had it already.</summary>
    public bool TryAdd(ulong hash, long row)
    {
        hash = Stored(hash);
        var mixed = Mix(hash);
        ref var segment = ref SegmentOf(mixed);
        var slots = segment.Slots;
        var mask = segment.Length - 1;
        for (var i = Home(mixed, segment.Shift); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Hash == hash) return false;
            if (slot.Hash != 0) continue;
            slot.Hash = hash;
            slot.Row = row is >= 0 and < FarRow ? (uint)row : KeepFarRow(hash, row);
            _count++;
            if (++segment.Count * 2 > segment.Length) Grow(ref segment);
            return true;
        }
    }

    /// <summary>
    /// Asks the processor to fetch the slot where <paramref name="hash"/> goes, so that the
    /// <see cref="TryAdd"/> a little later finds it in cache. With a million keys the table is
    /// far larger than the caches, and the wait for memory would otherwise be paid in full.
    /// </summary>
    public void Prefetch(ulong hash)
    {
        var mixed = Mix(Stored(hash));
        ref var segment = ref SegmentOf(mixed);
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(segment.Slots + Home(mixed, segment.Shift));
    }

    /// <summary>The row that first had the hash, or 0 when none did.</summary>
    public long FirstRow(ulong hash)
    {
        hash = Stored(hash);
        var mixed = Mix(hash);
        ref var segment = ref SegmentOf(mixed);
        var slots = segment.Slots;
        var mask = segment.Length - 1;
        for (var i = Home(mixed, segment.Shift); slots[i].Hash != 0; i = (i + 1) & mask)
            if (slots[i].Hash == hash) return slots[i].Row == FarRow ? _farRows![hash] : slots[i].Row;
        return 0;
    }

    /// <summary>Gives the slots' memory back; the index cannot be used afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private uint KeepFarRow(ulong hash, long row)
    {
        (_farRows ??= [])[hash] = row;
        return FarRow;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Segment SegmentOf(ulong mixed)
    {
        var segments = _segments;
        ObjectDisposedException.ThrowIf(segments is null, this);
        return ref segments[(int)(mixed >> (64 - SegmentBits))];
    }

    // 0 marks a free slot, so a hash of 0 (one chance in 2^64) is kept as 1.
    private static ulong Stored(ulong hash) => hash == 0 ? 1 : hash;

    // Fibonacci hashing: the top bits of the product depend on every bit of the hash. The top
    // SegmentBits pick the segment, the bits below them the home slot in it.
    private static ulong Mix(ulong hash) => hash * 0x9E3779B97F4A7C15UL;

    private static int Home(ulong mixed, int shift) => (int)((mixed << SegmentBits) >> shift);

    // Called a few hundred times, so the tiered JIT would leave it unoptimised; its loop over
    // tens of thousands of slots must not run that way.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow(ref Segment segment)
    {
        var old = segment.Slots;
        var oldLength = segment.Length;
        var length = oldLength * 2;
        var slots = Allocate(length);
        var shift = 64 - BitOperations.Log2((uint)length);
        var mask = length - 1;
        _bytes += (long)length * sizeof(Slot);
        PeakBytes = Math.Max(PeakBytes, _bytes);
        for (var k = 0; k < oldLength; k++)
        {
            var slot = old[k];
            if (slot.Hash == 0) continue;
            var i = Home(Mix(slot.Hash), shift);
            while (slots[i].Hash != 0) i = (i + 1) & mask;
            slots[i] = slot;
        }
        NativeMemory.Free(old);
        _bytes -= (long)oldLength * sizeof(Slot);
        segment.Slots = slots;
        segment.Length = length;
        segment.Shift = shift;
    }

    // Zeroed: a zero hash marks a free slot.
    private static Slot* Allocate(int length) => (Slot*)NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(Slot));

    private void Free()
    {
        if (_segments is not { } segments) return;
        _segments = null;
        foreach (var segment in segments) NativeMemory.Free(segment.Slots);
        _bytes = 0;
    }
}
