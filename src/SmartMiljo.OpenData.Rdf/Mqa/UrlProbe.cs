namespace SmartMiljo.OpenData.Rdf.Mqa;

/// <summary>Answers the HTTP status of a URL (null when it cannot be reached at all). The platform's probe sends
/// its requests through the network guard (Api's <c>GuardedUrlProbe</c>).</summary>
public interface IUrlProbe
{
    Task<int?> GetStatusAsync(string url, CancellationToken cancellationToken);
}
