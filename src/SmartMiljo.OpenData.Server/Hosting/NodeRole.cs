namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>
/// What this process does: serve HTTP (<c>web</c>), run harvest jobs (<c>worker</c>), or both (<c>all</c>,
/// the default for a single-machine install). Chosen with <c>--role</c> on the command line or the
/// <c>Platform:Role</c> setting. A worker still answers <c>/health</c> so orchestrators can probe it.
/// </summary>
public sealed record NodeRole(bool ServesHttp, bool RunsJobs)
{
    public static readonly NodeRole All = new(true, true);
    public static readonly NodeRole Web = new(true, false);
    public static readonly NodeRole Worker = new(false, true);

    public string Name => this switch { { ServesHttp: true, RunsJobs: true } => "all", { ServesHttp: true } => "web", _ => "worker" };

    public static NodeRole From(IConfiguration configuration)
    {
        var value = configuration["role"] ?? configuration["Platform:Role"];
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" or "both" => All,
            "web" => Web,
            "worker" => Worker,
            _ => throw new InvalidOperationException($"Unknown role '{value}': use --role web, --role worker or --role all."),
        };
    }
}
