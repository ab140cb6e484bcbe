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
}
