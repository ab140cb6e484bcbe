namespace SmartMiljo.OpenData.Application.Access;

/// <summary>Local locations as the harvester will open them.</summary>
public static class LocalPaths
{
    /// <summary>True when <paramref name="location"/> names a local file or folder rather than an http(s) address.</summary>
    public static bool IsLocal(string location) =>
        !(Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile);

    /// <summary>The absolute path with <c>..</c> removed and every symbolic link on the way resolved, so a
    /// check on the result is a check on what will be read.</summary>
    public static string RealPath(string location)
    {
        var path = Path.GetFullPath(location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath : location);
        // Walk from the root, resolving each existing part; a link's target may itself hold links.
        var root = Path.GetPathRoot(path)!;
        var current = root;
        var parts = path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                var resolved = Path.GetFullPath(target.FullName);
                return RealPath(Path.Combine([resolved, .. parts[(i + 1)..]]));
            }
            current = next;
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsInside(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(folder);
        return path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
