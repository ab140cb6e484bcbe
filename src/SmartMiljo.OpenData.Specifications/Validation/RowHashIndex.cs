using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// The uniqueness and duplicate-row checks' memory: each 64-bit hash (<see cref="Hash64"/>) with
/// the row that first had it. Open addressing with linear probing over one array of pairs, at
/// most half full: an insert into a million entries usually touches one cache line, where a
/// <see cref="Dictionary{TKey, TValue}"/> touches two (bucket, then entry) and both miss.
/// </summary>
/// <remarks>
/// The slots live in native memory, freed as soon as the table grows or the validation ends. As
/// managed arrays (32 MB for a million keys, after 31 MB of smaller ones outgrown on the way) they
/// sat on the large object heap as garbage until the next full collection, which a harvest often
/// does not reach before it generates its downloads, so the process held them through its peak.
/// </remarks>
internal sealed unsafe class RowHashIndex : IDisposable
{
    private struct Slot
    {
        public ulong Hash;
        public long Row;
    }

    private const int InitialLength = 1024;

    private Slot* _slots;
    private int _length;
    private int _shift = 64 - BitOperations.Log2(InitialLength);
    private int _count;

    public RowHashIndex()
    {
        _slots = Allocate(InitialLength);
        _length = InitialLength;
    }

    ~RowHashIndex() => Free();

    public int Count => _count;

    /// <summary>Records the hash for <paramref name="row"/>; false when some row had it already.</summary>
    public bool TryAdd(ulong hash, long row)
    {
        var slots = Slots();
        hash = Stored(hash);
        var mask = _length - 1;
        for (var i = Home(hash); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Hash == hash) return false;
            if (slot.Hash != 0) continue;
            slot.Hash = hash;
            slot.Row = row;
            if (++_count * 2 > _length) Grow();
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
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(Slots() + Home(Stored(hash)));
    }

    /// <summary>The row that first had the hash, or 0 when none did.</summary>
    public long FirstRow(ulong hash)
    {
        var slots = Slots();
        hash = Stored(hash);
        var mask = _length - 1;
        for (var i = Home(hash); slots[i].Hash != 0; i = (i + 1) & mask)
            if (slots[i].Hash == hash) return slots[i].Row;
        return 0;
    }

    /// <summary>Gives the slots' memory back; the index cannot be used afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private Slot* Slots()
    {
        ObjectDisposedException.ThrowIf(_slots is null, this);
        return _slots;
    }

    // 0 marks a free slot, so a hash of 0 (one chance in 2^64) is kept as 1.
    private static ulong Stored(ulong hash) => hash == 0 ? 1 : hash;

    // Fibonacci hashing: the top bits of the product depend on every bit of the hash.
    private int Home(ulong hash) => (int)((hash * 0x9E3779B97F4A7C15UL) >> _shift);

    // Called a handful of times, so the tiered JIT would leave it unoptimised; its loop over
    // up to a million slots must not run that way.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        var oldLength = _length;
        _slots = Allocate(oldLength * 2);
        _length = oldLength * 2;
        _shift = 64 - BitOperations.Log2((uint)_length);
        var mask = _length - 1;
        for (var k = 0; k < oldLength; k++)
        {
            var slot = old[k];
            if (slot.Hash == 0) continue;
            var i = Home(slot.Hash);
            while (_slots[i].Hash != 0) i = (i + 1) & mask;
            _slots[i] = slot;
        }
        NativeMemory.Free(old);
    }

    // Zeroed: a zero hash marks a free slot.
    private static Slot* Allocate(int length) => (Slot*)NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(Slot));

    private void Free()
    {
        if (_slots is null) return;
        NativeMemory.Free(_slots);
        _slots = null;
    }
}
