using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class RowHashIndexTests
{
    [Fact]
    public void Remembers_the_first_row_of_every_hash_through_growth()
    {
        var index = new RowHashIndex();
        var random = new Random(3);
        var hashes = Enumerable.Range(0, 50_000).Select(_ => (ulong)random.NextInt64() << 1 | 1).Distinct().ToArray();
        for (var i = 0; i < hashes.Length; i++)
        {
            index.Prefetch(hashes[i]);
            Assert.True(index.TryAdd(hashes[i], i + 1));
        }
        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.False(index.TryAdd(hashes[i], 999_999));
            Assert.Equal(i + 1, index.FirstRow(hashes[i]));
        }
        Assert.Equal(hashes.Length, index.Count);
        Assert.Equal(0, index.FirstRow(2)); // even: never added
    }

    [Fact]
    public void A_hash_of_zero_is_a_key_like_any_other()
    {
        var index = new RowHashIndex();
        Assert.True(index.TryAdd(0, 7));
        Assert.False(index.TryAdd(0, 8));
        Assert.Equal(7, index.FirstRow(0));
    }

    [Fact]
    public void Refuses_use_once_its_memory_is_given_back()
    {
        var index = new RowHashIndex();
        for (var i = 1; i <= 5_000; i++) Assert.True(index.TryAdd((ulong)i * 7919, i)); // through several growths
        index.Dispose();
        index.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => index.TryAdd(1, 1));
        Assert.Throws<ObjectDisposedException>(() => index.FirstRow(7919));
        Assert.Throws<ObjectDisposedException>(() => index.Prefetch(7919));
    }

    [Fact]
    public void A_million_keys_take_24_MB_and_growth_never_holds_the_table_twice()
    {
        // One table doubling from 16 to 32 MB held 48 MB at once, the ingest bench's peak; the
        // segments grow one at a time, and a slot keeps the row in 32 bits.
        using var index = new RowHashIndex();
        var random = new Random(5);
        for (var row = 1; row <= 1_000_000; row++) index.TryAdd((ulong)random.NextInt64() | 1UL << 63, row);
        Assert.True(index.Count > 999_000);
        Assert.Equal(24 * 1024 * 1024, index.Bytes);
        Assert.True(index.PeakBytes < index.Bytes + index.Bytes / 16, $"peak {index.PeakBytes:N0} bytes");
    }

    [Fact]
    public void Rows_beyond_32_bits_are_remembered_exactly()
    {
        using var index = new RowHashIndex();
        const long far = 5_000_000_123L;
        Assert.True(index.TryAdd(42, far));
        Assert.True(index.TryAdd(43, uint.MaxValue - 1L));
        Assert.True(index.TryAdd(44, uint.MaxValue));
        Assert.False(index.TryAdd(42, far + 1));
        Assert.Equal(far, index.FirstRow(42));
        Assert.Equal(uint.MaxValue - 1L, index.FirstRow(43));
        Assert.Equal(uint.MaxValue, index.FirstRow(44));
    }
}
