namespace SmartMiljo.OpenData.Application.Access;

/// <summary>Knows which organisation an uploaded file belongs to (the web's wizard keeps its uploads in
/// folders of their own); registered by whoever stores uploads.</summary>
public interface IUploadOwnership
{
    /// <summary>The owning organisation of the file or folder at <paramref name="realPath"/> (symbolic links
    /// already resolved), or null when the path is not one of this store's uploads.</summary>
    Task<Guid?> OwnerOfAsync(string realPath, CancellationToken ct);
}
