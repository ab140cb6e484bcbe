using System.Diagnostics;

namespace SmartMiljo.OpenData.Rdf.Tests.Support;

/// <summary>
/// Runs an oracle tool (rapper, /usr/bin/python3 with rdflib). A missing tool FAILS the test with the
/// Debian package to install: the oracle is part of the proof, not optional.
/// </summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static async Task<Result> RunAsync(string executable, IEnumerable<string> arguments, string debianPackage, string? stdin = null, int timeoutSeconds = 120)
    {
        var path = Resolve(executable);
        Assert.True(path is not null, $"'{executable}' is not installed: apt-get install -y {debianPackage}");
        var psi = new ProcessStartInfo(path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string? Resolve(string executable)
    {
        if (Path.IsPathRooted(executable)) return File.Exists(executable) ? executable : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>rapper -c: parse and count; returns the triple count it reports.</summary>
    public static async Task<int> RapperCountAsync(string file, string rapperSyntax)
    {
        var result = await RunAsync("rapper", ["-c", "-i", rapperSyntax, file], "raptor2-utils");
        Assert.True(result.ExitCode == 0, $"rapper rejected {rapperSyntax}:\n{result.StdErr}");
        Assert.DoesNotContain("Error", result.StdErr);
        Assert.DoesNotContain("Warning", result.StdErr);
        var match = System.Text.RegularExpressions.Regex.Match(result.StdErr, @"returned (\d+) triples");
        Assert.True(match.Success, "rapper did not report a triple count:\n" + result.StdErr);
        return int.Parse(match.Groups[1].Value);
    }
}
