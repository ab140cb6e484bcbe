using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Application.Access;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>
/// Where the wizard keeps a draft's file (<c>{DataDirectory}/drop/web/{draft}</c>, a folder the harvester may
/// read), and which organisation such a file belongs to: the draft's. A source may use an upload only of
/// its own organisation.
/// </summary>
public sealed class DraftUploads(IOptions<WebOptions> options, WebDbContext web) : IUploadOwnership
{
    public static string Root(string? dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory ?? "data", "drop", "web"));

    public static string FolderOf(string? dataDirectory, Guid draftId) => Path.Combine(Root(dataDirectory), draftId.ToString("N"));

    public async Task<Guid?> OwnerOfAsync(string realPath, CancellationToken ct)
    {
        var root = Root(options.Value.DataDirectory);
        try { root = LocalPaths.RealPath(root); }
        catch (IOException) { /* not created yet: the plain path is the real one */ }
        if (!LocalPaths.IsInside(realPath, root) || realPath.Length <= root.Length + 1) return null;
        var folder = realPath[(root.Length + 1)..].Split(Path.DirectorySeparatorChar)[0];
        // A path in the uploads folder that names no draft belongs to nobody, so no organisation may use it.
        if (!Guid.TryParseExact(folder, "N", out var draftId)) return Guid.Empty;
        return await web.Drafts.AsNoTracking().Where(d => d.Id == draftId).Select(d => (Guid?)d.OrganisationId).FirstOrDefaultAsync(ct) ?? Guid.Empty;
    }
}
