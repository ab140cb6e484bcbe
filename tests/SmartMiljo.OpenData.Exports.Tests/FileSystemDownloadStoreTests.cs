using System.Text;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Exports.Tests;

public class FileSystemDownloadStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileSystemDownloadStore _store;

    public FileSystemDownloadStoreTests() => _store = new FileSystemDownloadStore(_folder.Path);

    public void Dispose() => _folder.Dispose();

    private Task SaveTextAsync(string key, string text) =>
        _store.SaveAsync(key, (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask());

    [Fact]
    public async Task Saved_files_open_with_length_time_and_a_physical_path()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await SaveTextAsync("härryda/badplatser/v1/badplatser.csv", "a,b\r\nå,ö\r\n");

        await using var file = await _store.OpenAsync("härryda/badplatser/v1/badplatser.csv");
        Assert.NotNull(file);
        Assert.Equal(12, file.Length);
        Assert.InRange(file.LastModified, before, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(Path.Combine(_folder.Path, "härryda", "badplatser", "v1", "badplatser.csv"), file.PhysicalPath);
        Assert.Equal("a,b\r\nå,ö\r\n", await new StreamReader(file.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task Missing_files_open_as_null()
    {
        Assert.Null(await _store.OpenAsync("nobody/nothing.csv"));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_previous_file_and_no_temporary_files()
    {
        await SaveTextAsync("org/data.csv", "old");
        await Assert.ThrowsAsync<IOException>(() => _store.SaveAsync("org/data.csv", async (stream, ct) =>
        {
            await stream.WriteAsync("half of the new"u8.ToArray(), ct);
            throw new IOException("source went away");
        }));

        Assert.Equal(["org/data.csv"], _folder.Files());
        await using var file = await _store.OpenAsync("org/data.csv");
        Assert.Equal("old", await new StreamReader(file!.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task Readers_never_see_a_partly_written_file()
    {
        var halfWritten = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var saving = _store.SaveAsync("org/data.csv", async (stream, ct) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), ct);
            halfWritten.SetResult();
            await finish.Task;
            await stream.WriteAsync(" and complete"u8.ToArray(), ct);
        });
        await halfWritten.Task;
        Assert.Null(await _store.OpenAsync("org/data.csv"));
        finish.SetResult();
        await saving;
        await using var file = await _store.OpenAsync("org/data.csv");
        Assert.Equal("partial and complete", await new StreamReader(file!.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task An_open_file_can_be_replaced_and_deleted_while_it_is_being_read()
    {
        await SaveTextAsync("org/data.csv", "version one");
        await using var reading = await _store.OpenAsync("org/data.csv");
        await SaveTextAsync("org/data.csv", "version two");
        await _store.DeleteAsync("org/data.csv");
        Assert.Equal("version one", await new StreamReader(reading!.Content).ReadToEndAsync());
        Assert.Null(await _store.OpenAsync("org/data.csv"));
    }

    [Fact]
    public async Task Delete_removes_the_file_and_folders_left_empty_and_tolerates_missing_files()
    {
        await SaveTextAsync("org/ds/v1/a.csv", "1");
        await SaveTextAsync("org/ds/v2/a.csv", "2");
        await _store.DeleteAsync("org/ds/v1/a.csv");
        await _store.DeleteAsync("org/ds/v1/a.csv");
        await _store.DeleteAsync("never/was/here.csv");
        Assert.Equal(["org/ds/v2/a.csv"], _folder.Files());
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "org", "ds", "v1")));
        Assert.True(Directory.Exists(_folder.Path));
    }

    [Theory]
    [InlineData("../outside.csv")]
    [InlineData("org/../../outside.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("org//data.csv")]
    [InlineData("org\\..\\data.csv")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_folder_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SaveTextAsync(key, "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenAsync(key));
        Assert.Empty(_folder.Files());
    }
}
