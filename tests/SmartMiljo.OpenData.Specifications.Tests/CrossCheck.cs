using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Runs frictionless tableschema-js (npm <c>tableschema</c>, offline) through node.
/// Installs it with <c>npm ci</c> on first use when <c>node_modules</c> is absent.</summary>
internal static class CrossCheck
{
    public static string Directory => Path.Combine(TestFiles.RepositoryRoot, "tests", "SmartMiljo.OpenData.Specifications.Tests", "crosscheck");

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<(long Rows, long[] Invalid)> RunAsync(string csvPath, string schemaPath)
    {
        await EnsureInstalledAsync();
        var (exit, stdout, stderr) = await Exec("node", ["crosscheck.js", csvPath, schemaPath], TimeSpan.FromMinutes(3));
        if (exit != 0) throw new InvalidOperationException($"tableschema-js failed ({exit}): {stderr}");
        var result = JsonNode.Parse(stdout)!;
        return ((long)result["rows"]!, result["invalid"]!.AsArray().Select(n => (long)n!).ToArray());
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "tableschema"))) return;
            var (exit, _, stderr) = await Exec("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (exit != 0) throw new InvalidOperationException("npm ci for tableschema failed: " + stderr);
        }
        finally { InstallLock.Release(); }
    }

    private static async Task<(int Exit, string Out, string Err)> Exec(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} took longer than {timeout}."); }
        return (process.ExitCode, await stdout, await stderr);
    }
}
