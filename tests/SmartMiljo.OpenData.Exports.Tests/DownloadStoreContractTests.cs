using System.Security.Cryptography;
using System.Text;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>
/// What every <see cref="IDownloadStore"/> must do, run against each implementation by a subclass:
/// files round-trip byte for byte, writes are all-or-nothing, open files stay readable, and keys
/// that could escape the store are refused.
/// </summary>
public abstract class DownloadStoreContractTests : IAsyncLifetime
{
    protected IDownloadStore Store { get; private set; } = null!;

    protected abstract Task<IDownloadStore> CreateStoreAsync();

    /// <summary>Every key the backing storage really holds (files or objects), sorted.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredKeysAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected Task SaveTextAsync(string key, string text) =>
        Store.SaveAsync(key, (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask());

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var file = await Store.OpenAsync(key) ?? throw new FileNotFoundException(key);
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Saved_files_open_with_their_length_time_and_content()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await SaveTextAsync("härryda/badplatser/v1/badplatser.csv", "a,b\r\nå,ö\r\n");

        await using var file = await Store.OpenAsync("härryda/badplatser/v1/badplatser.csv");
        Assert.NotNull(file);
        Assert.Equal(12, file.Length);
        Assert.InRange(file.LastModified, before, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal("a,b\r\nå,ö\r\n", await new StreamReader(file.Content).ReadToEndAsync());
        Assert.Equal(["härryda/badplatser/v1/badplatser.csv"], await StoredKeysAsync());
    }

    [Fact]
    public async Task Empty_files_are_stored_and_read_as_empty()
    {
        await Store.SaveAsync("org/empty.csv", (_, _) => Task.CompletedTask);
        await using var file = await Store.OpenAsync("org/empty.csv");
        Assert.NotNull(file);
        Assert.Equal(0, file.Length);
        Assert.Equal(-1, file.Content.ReadByte());
    }

    [Fact]
    public async Task Missing_files_open_as_null()
    {
        Assert.Null(await Store.OpenAsync("nobody/nothing.csv"));
    }

    [Fact]
    public async Task Existence_is_known_without_opening_and_follows_saves_and_deletes()
    {
        Assert.False(await Store.ExistsAsync("org/ds/v1/ds.csv"));
        await SaveTextAsync("org/ds/v1/ds.csv", "a\r\n1\r\n");
        Assert.True(await Store.ExistsAsync("org/ds/v1/ds.csv"));
        Assert.False(await Store.ExistsAsync("org/ds/v1/ds.json"));
        await Store.DeleteAsync("org/ds/v1/ds.csv");
        Assert.False(await Store.ExistsAsync("org/ds/v1/ds.csv"));
    }

    [Fact]
    public async Task Large_files_written_in_odd_sized_pieces_round_trip_byte_for_byte()
    {
        // Several upload parts' worth for the object store, written in pieces that never align with them.
        var content = RandomNumberGenerator.GetBytes(12 * 1024 * 1024 + 12_345);
        await Store.SaveAsync("org/big.bin", async (stream, ct) =>
        {
            for (var offset = 0; offset < content.Length; offset += 777_777)
                await stream.WriteAsync(content.AsMemory(offset, Math.Min(777_777, content.Length - offset)), ct);
        });

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync("org/big.bin")));
    }

    [Fact]
    public async Task Synchronous_writers_are_supported()
    {
        var content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        await Store.SaveAsync("org/sync.bin", (stream, _) =>
        {
            stream.Write(content, 0, 100);
            stream.WriteByte(content[100]);
            stream.Write(content.AsSpan(101));
            return Task.CompletedTask;
        });
        Assert.Equal(content, await ReadAllAsync("org/sync.bin"));
    }

    [Fact]
    public async Task Content_can_be_read_from_any_offset_for_range_requests()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        await Store.SaveAsync("org/data.bin", (stream, ct) => stream.WriteAsync(content, ct).AsTask());

        await using var file = await Store.OpenAsync("org/data.bin");
        Assert.True(file!.Content.CanSeek);
        file.Content.Seek(250_000, SeekOrigin.Begin);
        var tail = new byte[10];
        await file.Content.ReadExactlyAsync(tail);
        Assert.Equal(content.AsSpan(250_000, 10).ToArray(), tail);

        file.Content.Seek(5, SeekOrigin.Begin);
        var head = new byte[3];
        await file.Content.ReadExactlyAsync(head);
        Assert.Equal(content.AsSpan(5, 3).ToArray(), head);
        Assert.Equal(8, file.Content.Position);
    }

    [Fact]
    public async Task A_failed_write_leaves_the_previous_file_and_nothing_else()
    {
        await SaveTextAsync("org/data.csv", "old");
        await Assert.ThrowsAsync<IOException>(() => Store.SaveAsync("org/data.csv", async (stream, ct) =>
        {
            await stream.WriteAsync("half of the new"u8.ToArray(), ct);
            throw new IOException("source went away");
        }));

        Assert.Equal(["org/data.csv"], await StoredKeysAsync());
        Assert.Equal("old", Encoding.UTF8.GetString(await ReadAllAsync("org/data.csv")));
    }

    [Fact]
    public async Task A_large_write_that_fails_after_several_parts_leaves_nothing()
    {
        var part = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        await Assert.ThrowsAsync<IOException>(() => Store.SaveAsync("org/big.bin", async (stream, ct) =>
        {
            for (var i = 0; i < 4; i++) await stream.WriteAsync(part, ct);
            throw new IOException("export failed");
        }));

        Assert.Null(await Store.OpenAsync("org/big.bin"));
        Assert.Empty(await StoredKeysAsync());
    }

    [Fact]
    public async Task Readers_never_see_a_partly_written_file()
    {
        var halfWritten = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var saving = Store.SaveAsync("org/data.csv", async (stream, ct) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), ct);
            halfWritten.SetResult();
            await finish.Task;
            await stream.WriteAsync(" and complete"u8.ToArray(), ct);
        });
        await halfWritten.Task;
        Assert.Null(await Store.OpenAsync("org/data.csv"));
        finish.SetResult();
        await saving;
        Assert.Equal("partial and complete", Encoding.UTF8.GetString(await ReadAllAsync("org/data.csv")));
    }

    [Fact]
    public async Task An_open_file_can_be_replaced_and_deleted_while_it_is_being_read()
    {
        await SaveTextAsync("org/data.csv", "version one");
        await using var reading = await Store.OpenAsync("org/data.csv");
        await SaveTextAsync("org/data.csv", "version two");
        await Store.DeleteAsync("org/data.csv");
        Assert.Equal("version one", await new StreamReader(reading!.Content).ReadToEndAsync());
        Assert.Null(await Store.OpenAsync("org/data.csv"));
    }

    [Fact]
    public async Task Delete_removes_the_file_and_tolerates_missing_files()
    {
        await SaveTextAsync("org/ds/v1/a.csv", "1");
        await SaveTextAsync("org/ds/v2/a.csv", "2");
        await Store.DeleteAsync("org/ds/v1/a.csv");
        await Store.DeleteAsync("org/ds/v1/a.csv");
        await Store.DeleteAsync("never/was/here.csv");
        Assert.Equal(["org/ds/v2/a.csv"], await StoredKeysAsync());
        Assert.Null(await Store.OpenAsync("org/ds/v1/a.csv"));
    }

    [Theory]
    [InlineData("../outside.csv")]
    [InlineData("org/../../outside.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("org//data.csv")]
    [InlineData("org\\..\\data.csv")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_store_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SaveTextAsync(key, "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
        Assert.Empty(await StoredKeysAsync());
    }
}
