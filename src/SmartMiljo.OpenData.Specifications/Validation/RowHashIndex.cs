using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// The uniqueness and duplicate-row checks' memory: each 64-bit hash (<see cref="Hash64"/>) with
/// the row that first had it. Open addressing with linear probing over one array of pairs, at
/// most half full: an insert into a million entries usually touches one cache line, where a
/// <see cref="Dictionary{TKey, TValue}"/> touches two (bucket, then entry) and both miss.
/// </summary>
internal sealed class RowHashIndex
{
    private struct Slot
    {
        public ulong Hash;
        public long Row;
    }

    private Slot[] _slots = new Slot[1024];
    private int _shift = 64 - 10;
    private int _count;

    public int Count => _count;

    /// <summary>Records the hash for <paramref name="row"/>; false when some row had it already.</summary>
    public bool TryAdd(ulong hash, long row)
    {
        hash = Stored(hash);
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(hash); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Hash == hash) return false;
            if (slot.Hash != 0) continue;
            slot.Hash = hash;
            slot.Row = row;
            if (++_count * 2 > slots.Length) Grow();
            return true;
        }
    }

    /// <summary>
    /// Asks the processor to fetch the slot where <paramref name="hash"/> goes, so that the
    /// <see cref="TryAdd"/> a little later finds it in cache. With a million keys the table is
    /// far larger than the caches, and the wait for memory would otherwise be paid in full.
    /// </summary>
    public unsafe void Prefetch(ulong hash)
    {
        if (!Sse.IsSupported) return;
        fixed (Slot* slot = &_slots[Home(Stored(hash))]) Sse.Prefetch0(slot);
    }

    /// <summary>The row that first had the hash, or 0 when none did.</summary>
    public long FirstRow(ulong hash)
    {
        hash = Stored(hash);
        var mask = _slots.Length - 1;
        for (var i = Home(hash); _slots[i].Hash != 0; i = (i + 1) & mask)
            if (_slots[i].Hash == hash) return _slots[i].Row;
        return 0;
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
        _slots = new Slot[old.Length * 2];
        _shift = 64 - BitOperations.Log2((uint)_slots.Length);
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Hash == 0) continue;
            var i = Home(slot.Hash);
            while (_slots[i].Hash != 0) i = (i + 1) & mask;
            _slots[i] = slot;
        }
    }
}
