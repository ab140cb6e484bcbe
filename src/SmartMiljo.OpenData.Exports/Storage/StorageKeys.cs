namespace SmartMiljo.OpenData.Exports.Storage;

/// <summary>
/// The key rules every download store applies, so a key that works on one works on all: '/'-separated
/// names, none empty or starting with '.', no backslashes or control characters. That keeps keys from
/// escaping a folder ("..") and hides the folder store's temporary files (".name.tmp").
/// </summary>
internal static class StorageKeys
{
    /// <summary>The key's segments, or an <see cref="ArgumentException"/> naming the bad key.</summary>
    public static string[] Split(string key)
    {
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("A storage key is required.", nameof(key));
        var segments = key.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment[0] == '.' || segment.Contains('\\') || segment.Any(char.IsControl))
                throw new ArgumentException(
                    $"Invalid storage key '{key}': use '/'-separated names that do not start with '.'.", nameof(key));
        }
        return segments;
    }
}
