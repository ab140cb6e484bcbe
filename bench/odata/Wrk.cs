using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// The HTTP load generator. Missing wrk is installed with apt-get when the bench runs as root on Debian or
/// Ubuntu, and otherwise named with the command that installs it, instead of failing mid-run.
/// </summary>
static class Wrk
{
    public static bool EnsureAvailable()
    {
        if (IsInstalled()) return true;
        Console.Error.WriteLine("wrk (the HTTP load generator this bench drives the OData service with) is not installed.");
        if (Environment.UserName == "root" && File.Exists("/usr/bin/apt-get"))
        {
            Console.Error.WriteLine("Installing it: apt-get install -y wrk ...");
            try
            {
                if (RunQuietly("/usr/bin/apt-get", "install -y wrk") == 0 && IsInstalled()) return true;
            }
            catch (Win32Exception)
            {
                // apt-get could not start; the message below says what to do.
            }
        }
        Console.Error.WriteLine("Install it and run the bench again: sudo apt-get install -y wrk (Debian/Ubuntu), brew install wrk (macOS),");
        Console.Error.WriteLine("or build it from https://github.com/wg/wrk.");
        return false;
    }

    private static bool IsInstalled()
    {
        try
        {
            return RunQuietly("wrk", "--version") is >= 0;
        }
        catch (Win32Exception)
        {
            return false; // no such program
        }
    }

    private static int RunQuietly(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Requests/s and p99 latency (ms) of <paramref name="url"/>; error responses fail the run.</summary>
    /// <remarks>wrk gives up on a request after 2 s by default and does not count it; full-table scenarios pass a longer <paramref name="timeoutSeconds"/>.</remarks>
    public static (double Rps, double P99) Run(string url, int seconds, int connections, int timeoutSeconds = 2)
    {
        var start = new ProcessStartInfo("wrk", $"-t{Math.Min(2, connections)} -c{connections} -d{seconds}s --timeout {timeoutSeconds}s --latency \"{url}\"") { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = Regex.Match(output, @"99%\s+([\d.]+)(us|ms|s)");
        var value = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture);
        var ms = p99.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        if (Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } errors)
            throw new InvalidOperationException($"wrk saw {errors.Groups[1].Value} error responses");
        return (rps, ms);
    }
}
