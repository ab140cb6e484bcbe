namespace SmartMiljo.OpenData.Harvesting;

/// <summary>Scratch files of a run, deleted when disposed.</summary>
internal sealed class WorkFiles(string directory) : IDisposable
{
    private readonly List<string> _paths = [];

    public string New(string suffix)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}{suffix}");
        _paths.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var path in _paths)
            try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { }
    }
}
