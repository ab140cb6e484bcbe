namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>Where generated download files live: a local/shared folder or an S3-compatible bucket.</summary>
public interface IDownloadStore
{
    /// <summary>Writes a file atomically: readers never see a partial file under <paramref name="key"/>.</summary>
    Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file, or null if there is none.</summary>
    Task<StoredFile?> OpenAsync(string key, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether a file is stored under <paramref name="key"/>. Stores where opening costs a
    /// transfer (an object store's GET) answer with a cheaper request.</summary>
    async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var file = await OpenAsync(key, cancellationToken);
        return file is not null;
    }
}

public sealed record StoredFile(Stream Content, long Length, DateTimeOffset LastModified, string? PhysicalPath) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
