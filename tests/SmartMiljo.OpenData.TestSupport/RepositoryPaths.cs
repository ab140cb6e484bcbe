namespace SmartMiljo.OpenData.TestSupport;

/// <summary>Locates the repository, its <c>samples/</c> and <c>specs/</c>, and the read-only <c>../shared</c> material.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartMiljo.OpenData.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Could not find the repository root (SmartMiljo.OpenData.sln) above " + AppContext.BaseDirectory);
    });

    public static string RepositoryRoot => Root.Value;
    public static string Samples => Path.Combine(RepositoryRoot, "samples");
    public static string Specs => Path.Combine(RepositoryRoot, "specs");

    /// <summary>The shared reference folder beside the repository (real sample files, reference docs).</summary>
    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            if (!Directory.Exists(shared)) throw new DirectoryNotFoundException($"The shared folder is missing at {shared}.");
            return shared;
        }
    }

    public static string SharedSample(string fileName) => Path.Combine(Shared, "sample-data", fileName);
}
