namespace SmartMiljo.OpenData.Application.Access;

/// <summary>The platform's local folders sources may read: one drop folder per organisation, below the
/// data folder's <c>drop</c>.</summary>
public sealed class PlatformFolders(string dataDirectory)
{
    public string DropRoot { get; } = Path.GetFullPath(Path.Combine(dataDirectory, "drop"));

    /// <summary><c>{DataDirectory}/drop/organisations/{slug}</c>: where an organisation's systems export to.</summary>
    public string DropFolderOf(string organisationSlug) => Path.Combine(DropRoot, "organisations", organisationSlug);

    /// <summary>The same folder as the publisher is told about it, without the server's own path.</summary>
    public static string DropFolderShown(string organisationSlug) => $"drop/organisations/{organisationSlug}";
}
