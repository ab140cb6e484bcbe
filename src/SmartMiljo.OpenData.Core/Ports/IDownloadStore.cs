namespace SmartMiljo.OpenData.Core.Ports;

/// <summary>Where generated download files live: a local/shared folder or an S3-compatible bucket.</summary>
public interface IDownloadStore
{
    /// <summary>Writes a file atomically: readers never see a partial file under <paramref name="key"/>.</summary>
    Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file, or null if there is none.</summary>
    Task<StoredFile?> OpenAsync(string key, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

public sealed record StoredFile(Stream Content, long Length, DateTimeOffset LastModified, string? PhysicalPath) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
