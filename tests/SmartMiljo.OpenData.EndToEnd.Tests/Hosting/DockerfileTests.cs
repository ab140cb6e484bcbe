using System.Text.RegularExpressions;
using System.Xml.Linq;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hosting;

/// <summary>
/// No Docker engine runs here, so the image's restore layer is checked against the project files: every project the
/// server references (transitively), every file those project files import, and the repository-wide props files
/// must be copied into place before <c>dotnet restore</c>, because the publish after it runs with <c>--no-restore</c>.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string Root = RepositoryPaths.RepositoryRoot;
    private const string ServerProject = "src/SmartMiljo.OpenData.Server/SmartMiljo.OpenData.Server.csproj";

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<string> Instructions()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docker", "Dockerfile"));
        var lines = text.Replace("\r\n", "\n").Split('\n').Where(l => !l.TrimStart().StartsWith('#'));
        return Regex.Split(string.Join("\n", lines).Replace("\\\n", " "), "\n")
            .Select(l => Regex.Replace(l.Trim(), @"\s+", " ")).Where(l => l.Length > 0).ToList();
    }

    /// <summary>Repository-relative files the COPY instructions before the restore put in place (destination = source path).</summary>
    private static HashSet<string> CopiedBeforeRestore(List<string> instructions)
    {
        var restore = instructions.FindIndex(i => i.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "The Dockerfile has no 'RUN dotnet restore' step.");
        var build = instructions.FindLastIndex(restore, i => i.StartsWith("FROM ", StringComparison.Ordinal));
        var copied = new HashSet<string>(StringComparer.Ordinal);
        var all = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal) && !f.Contains("/bin/") && !f.Contains("/obj/")).ToList();
        foreach (var instruction in instructions.Skip(build + 1).Take(restore - build - 1).Where(i => i.StartsWith("COPY ", StringComparison.Ordinal)))
        {
            var parts = instruction.Split(' ').Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            var destination = parts[^1].TrimStart('.', '/');
            foreach (var source in parts.SkipLast(1))
            {
                var pattern = new Regex("^" + Regex.Escape(source).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
                var matches = all.Where(f => pattern.IsMatch(f)).ToList();
                Assert.True(matches.Count > 0, $"COPY {source} matches no file in the repository.");
                foreach (var match in matches)
                {
                    // Files copied to the folder they come from keep their repository path in the image.
                    var target = destination.Length == 0 ? Path.GetFileName(match) : destination.TrimEnd('/') + "/" + Path.GetFileName(match);
                    if (target == match) copied.Add(match);
                }
            }
        }
        return copied;
    }

    /// <summary>The server project and everything restore reads for it: referenced projects and imported files.</summary>
    private static SortedSet<string> NeededForRestore()
    {
        var needed = new SortedSet<string>(StringComparer.Ordinal) { "Directory.Build.props", "Directory.Packages.props" };
        var pending = new Stack<string>([ServerProject]);
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (!needed.Add(project)) continue;
            var folder = Path.GetDirectoryName(project)!;
            var xml = XDocument.Load(Path.Combine(Root, project));
            foreach (var import in xml.Descendants("Import").Select(e => (string?)e.Attribute("Project")).OfType<string>())
                needed.Add(Normalise(folder, import));
            foreach (var reference in xml.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
                pending.Push(Normalise(folder, reference));
        }
        return needed;
    }

    private static string Normalise(string folder, string relative) =>
        Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, folder, relative.Replace('\\', '/')))).Replace('\\', '/');

    [Fact]
    public void Every_project_the_server_needs_is_copied_before_the_restore()
    {
        var copied = CopiedBeforeRestore(Instructions());
        var missing = NeededForRestore().Where(f => !copied.Contains(f)).ToList();
        Assert.True(missing.Count == 0, "Not copied before 'dotnet restore' in docker/Dockerfile: " + string.Join(", ", missing));
        Assert.Contains("src/SmartMiljo.OpenData.Web/SmartMiljo.OpenData.Web.csproj", NeededForRestore());
    }

    [Fact]
    public void The_restore_and_the_publish_name_the_server_project()
    {
        var instructions = Instructions();
        Assert.Contains(instructions, i => i.StartsWith("RUN dotnet restore " + ServerProject, StringComparison.Ordinal));
        var publish = Assert.Single(instructions, i => i.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.Contains(ServerProject, publish);
        var restore = instructions.FindIndex(i => i.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(instructions.IndexOf(publish) > restore);
        // The sources the publish compiles arrive after the restore layer.
        Assert.Contains(instructions.Skip(restore), i => i == "COPY src/ src/");
    }
}
