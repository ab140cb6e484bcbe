using System.ComponentModel;
using System.Diagnostics;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>Runs GDAL's command-line tools (Debian gdal-bin) as an independent oracle.</summary>
internal static class Gdal
{
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            // Deliberately a failure, not a skip: without the oracle the format is unverified.
            throw new InvalidOperationException(
                $"'{tool}' is not installed; install Debian's gdal-bin (apt-get install -y gdal-bin).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await stderr}");
            return await stdout + await stderr;
        }
    }
}
