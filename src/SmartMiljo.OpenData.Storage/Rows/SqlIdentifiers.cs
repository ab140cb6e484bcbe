using System.Text.RegularExpressions;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>Guards the only identifiers we ever put into SQL text: our own table and column names.</summary>
public static partial class SqlIdentifiers
{
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SafeIdentifier();

    public static string Quote(string identifier)
    {
        if (!SafeIdentifier().IsMatch(identifier))
            throw new ArgumentException($"'{identifier}' is not a safe SQL identifier.", nameof(identifier));
        return "\"" + identifier + "\"";
    }

    /// <summary>The row table name for a dataset version.</summary>
    public static string VersionTableName(Guid datasetId, int versionNumber) => $"rows_{datasetId:N}_v{versionNumber}";
}
