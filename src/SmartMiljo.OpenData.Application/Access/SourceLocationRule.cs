using SmartMiljo.OpenData.Core.Catalogue;

namespace SmartMiljo.OpenData.Application.Access;

/// <summary>
/// Confines a source's local location to its own organisation's folders: the organisation's drop folder
/// and its own uploads. Checked after normalisation and symbolic-link resolution, so <c>..</c> or a link
/// cannot lead into another organisation's folder. The instance's administrator may name any folder the
/// instance allows (<c>Harvesting:AllowedFileRoots</c>, enforced again when the harvester reads).
/// </summary>
public sealed class SourceLocationRule(PlatformFolders folders, IEnumerable<IUploadOwnership> uploads)
{
    /// <summary>Null when <paramref name="location"/> is an address a source may have (http, https or a local path
    /// the caller may use for the organisation), otherwise why not.</summary>
    public async Task<string?> CheckAddressAsync(Caller caller, Organisation organisation, string location, CancellationToken ct)
    {
        if (location.Length == 0) return "Give the URL (http or https) or file path of the data.";
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme is not ("http" or "https"))
            return $"The scheme '{uri.Scheme}' is not supported; use http or https.";
        return await CheckAsync(caller, organisation, location, ct);
    }

    /// <summary>Null when the caller may use the location for the organisation, otherwise why not.</summary>
    public async Task<string?> CheckAsync(Caller caller, Organisation organisation, string location, CancellationToken ct)
    {
        if (!LocalPaths.IsLocal(location) || caller.IsInstanceAdministrator) return null;
        string real;
        try { real = LocalPaths.RealPath(location); }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or UriFormatException or NotSupportedException)
        {
            return Refusal(organisation);
        }
        if (LocalPaths.IsInside(real, SafeRealPath(folders.DropFolderOf(organisation.Slug)))) return null;
        foreach (var store in uploads)
            if (await store.OwnerOfAsync(real, ct) is { } owner)
                return owner == organisation.Id ? null : Refusal(organisation);
        return Refusal(organisation);
    }

    private static string SafeRealPath(string folder)
    {
        try { return LocalPaths.RealPath(folder); }
        catch (IOException) { return Path.GetFullPath(folder); }
    }

    private static string Refusal(Organisation organisation) =>
        $"En lokal källa måste ligga i organisationens egen mapp ({PlatformFolders.DropFolderShown(organisation.Slug)} i plattformens datamapp) " +
        "eller vara en av organisationens egna uppladdningar. / " +
        $"A local source must lie in the organisation's own folder ({PlatformFolders.DropFolderShown(organisation.Slug)} in the platform's data folder) " +
        "or be one of the organisation's own uploads.";
}
