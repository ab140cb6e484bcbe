namespace SmartMiljo.OpenData.Exports.Tests;

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"exports-tests-{Guid.NewGuid():N}");

    public TempFolder() => Directory.CreateDirectory(Path);

    /// <summary>Every file below the folder, as '/'-separated relative paths.</summary>
    public IReadOnlyList<string> Files() => Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
