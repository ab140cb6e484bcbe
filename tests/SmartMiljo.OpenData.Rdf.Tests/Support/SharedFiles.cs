namespace SmartMiljo.OpenData.Rdf.Tests.Support;

/// <summary>Locates ../shared (the reference material beside the repository).</summary>
public static class SharedFiles
{
    public static string Root { get; } = FindShared();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SmartMiljo.OpenData.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SmartMiljo.OpenData.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindShared()
    {
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepositoryRoot(), "..", "shared"));
        if (!Directory.Exists(shared)) throw new InvalidOperationException("../shared not found beside the repository: " + shared);
        return shared;
    }
}

/// <summary>A temporary directory removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smrdf-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
