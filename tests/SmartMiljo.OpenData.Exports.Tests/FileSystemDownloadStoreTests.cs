using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Exports.Storage;

namespace SmartMiljo.OpenData.Exports.Tests;

public class FileSystemDownloadStoreTests : DownloadStoreContractTests
{
    private readonly TempFolder _folder = new();

    protected override Task<IDownloadStore> CreateStoreAsync() =>
        Task.FromResult<IDownloadStore>(new FileSystemDownloadStore(_folder.Path));

    protected override Task<IReadOnlyList<string>> StoredKeysAsync() => Task.FromResult(_folder.Files());

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Files_open_with_their_physical_path_so_they_can_be_sent_by_path()
    {
        await SaveTextAsync("härryda/badplatser/v1/badplatser.csv", "a,b\r\n");
        await using var file = await Store.OpenAsync("härryda/badplatser/v1/badplatser.csv");
        Assert.Equal(Path.Combine(_folder.Path, "härryda", "badplatser", "v1", "badplatser.csv"), file!.PhysicalPath);
    }

    [Fact]
    public async Task Delete_removes_folders_left_empty_but_not_the_root()
    {
        await SaveTextAsync("org/ds/v1/a.csv", "1");
        await SaveTextAsync("org/ds/v2/a.csv", "2");
        await Store.DeleteAsync("org/ds/v1/a.csv");
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "org", "ds", "v1")));
        await Store.DeleteAsync("org/ds/v2/a.csv");
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "org")));
        Assert.True(Directory.Exists(_folder.Path));
    }
}
