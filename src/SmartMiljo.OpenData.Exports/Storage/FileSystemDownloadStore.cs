using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// Download files in a local (or mounted shared) folder. Keys are '/'-separated relative paths.
/// Files are written to a temporary name in the target folder and renamed into place, which is
/// atomic on one file system, so readers see either the old file or the complete new one.
/// </summary>
public sealed class FileSystemDownloadStore : IDownloadStore
{
    private const int BufferSize = 64 * 1024;
    private readonly string _root;

    public FileSystemDownloadStore(string rootDirectory)
    {
        if (string.IsNullOrWhiteSpace(rootDirectory))
            throw new ArgumentException("A download folder is required.", nameof(rootDirectory));
        _root = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(_root);
    }

    public string RootDirectory => _root;

    public async Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             BufferSize, FileOptions.Asynchronous))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                // On disk before the rename makes it visible, so a crash cannot publish an empty file.
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<StoredFile?> OpenAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            // FileShare.Delete: a retention clean-up or a replacement may unlink the file while it is being sent.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
            return Task.FromResult<StoredFile?>(new StoredFile(stream, stream.Length, lastModified, path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredFile?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <summary>Maps a key to a path under the root, refusing anything that could escape it.</summary>
    private string PathOf(string key)
    {
        var segments = StorageKeys.Split(key);
        var path = Path.GetFullPath(Path.Combine([_root, .. segments]));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Invalid storage key '{key}'.", nameof(key));
        return path;
    }

    /// <summary>Keeps the tree tidy after retention deletes old versions; stops at the root.</summary>
    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > _root.Length && folder.StartsWith(_root, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any()) return;
                Directory.Delete(folder);
            }
            catch (IOException) { return; }
            catch (UnauthorizedAccessException) { return; }
            folder = Path.GetDirectoryName(folder)!;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
