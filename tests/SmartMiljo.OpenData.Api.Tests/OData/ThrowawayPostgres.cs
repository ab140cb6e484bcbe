using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// A throwaway PostgreSQL cluster with PostGIS in /tmp on a free 127.0.0.1 port, for tests and the
/// benchmark. Uses <c>SMARTMILJO_TEST_POSTGRES</c> (a connection string) instead when set.
/// Needs the Debian packages postgresql-15 and postgresql-15-postgis-3 (or another major version).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;

    public string ConnectionString { get; }

    private ThrowawayPostgres(string connectionString, string? dataDirectory, string? binDirectory)
    {
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
    }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("SMARTMILJO_TEST_POSTGRES") is { Length: > 0 } given)
        {
            // A database of its own per fixture: test classes run in parallel on the shared cluster.
            var name = $"odata_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(given))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }
            var own = new NpgsqlConnectionStringBuilder(given) { Database = name }.ConnectionString;
            await EnsurePostgisAsync(own);
            return new ThrowawayPostgres(own, null, null);
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException(
                "PostgreSQL is not installed: apt-get install postgresql postgresql-15-postgis-3, or set SMARTMILJO_TEST_POSTGRES.");

        var data = Path.Combine(Path.GetTempPath(), $"odata-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", $"postgres:postgres {data}", asRoot: false);
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", asRoot);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {data}/server.log -w -o \"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off\" start", asRoot);

        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true";
        await EnsurePostgisAsync(connectionString);
        return new ThrowawayPostgres(connectionString, data, bin);
    }

    private static async Task EnsurePostgisAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string arguments, bool asRoot)
    {
        // initdb refuses to run as root, so the cluster belongs to the postgres user.
        var start = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await error} {await output}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is null || _binDirectory is null) return;
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), $"-D {_dataDirectory} -m immediate -w stop", Environment.UserName == "root");
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
