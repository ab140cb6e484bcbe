using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.MultiNode.Tests;

/// <summary>The real server as its own OS process (as in production), so it can be killed outright.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<ServerProcess> StartAsync(string role, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly)!,
        };
        start.ArgumentList.Add(ServerAssembly);
        start.ArgumentList.Add("--role");
        start.ArgumentList.Add(role);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return server;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited ({_process.ExitCode}):\n{Output}");
            try
            {
                if ((await client.GetAsync("health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server did not become healthy:\n{Output}");
    }

    /// <summary>Ends the process at once, as a crash or an OOM kill would: no graceful shutdown.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>The server built in the same configuration as these tests (the project reference builds it).</summary>
    private static string ServerAssembly
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var path = Path.Combine(RepositoryPaths.RepositoryRoot, "src", "SmartMiljo.OpenData.Server", "bin", configuration, framework,
                "SmartMiljo.OpenData.Server.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the server first.", path);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
