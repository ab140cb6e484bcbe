using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SmartMiljo.OpenData.TestSupport;

/// <summary>
/// PostgreSQL for tests. The server is the one <c>./test.sh</c> starts (connection string in
/// <c>SMARTMILJO_TEST_POSTGRES</c>) or, when that is not set, a throwaway cluster this process starts
/// in /tmp and stops on exit. Each test (or fixture) gets its own database with PostGIS, so tests stay
/// independent and can run in parallel on one server. The one helper for every test project and bench.
/// Needs the Debian packages postgresql and postgresql-15-postgis-3.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);

    /// <summary>Creates a fresh database with PostGIS and returns its connection string.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var server = await Server.Value;
        var name = $"t_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var postgis = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", connection);
            await postgis.ExecuteNonQueryAsync();
        }
        return new TestDatabase(server, name, connectionString);
    }

    private static async Task<string> StartServerAsync()
    {
        if (Environment.GetEnvironmentVariable("SMARTMILJO_TEST_POSTGRES") is { Length: > 0 } given) return given;

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException(
                "PostgreSQL is not installed: run ./test.sh (apt-get install postgresql postgresql-15-postgis-3) or set SMARTMILJO_TEST_POSTGRES.");

        var data = Path.Combine(Path.GetTempPath(), $"smartmiljo-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", $"postgres:postgres {data}", asRoot: false);
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {data}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8", asRoot);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            $"-D {data}/data -l {data}/server.log -w -o \"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            RunAsync(Path.Combine(bin, "pg_ctl"), $"-D {data}/data -m immediate -w stop", asRoot).GetAwaiter().GetResult();
            Directory.Delete(data, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
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
        var start = asRoot ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}") : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await error} {await output}");
    }
}

/// <summary>A private database on the test server, dropped on dispose.</summary>
public sealed class TestDatabase(string server, string name, string connectionString) : IAsyncDisposable
{
    public string Name => name;
    public string ConnectionString => connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
