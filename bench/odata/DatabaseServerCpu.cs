using System.Globalization;
using Npgsql;

namespace SmartMiljo.OpenData.Bench.OData;

/// <summary>
/// CPU time used by a local PostgreSQL server's processes (the postmaster's children, read from
/// /proc), so the CPU per request can include the database's share, as it does on SQLite in-process.
/// </summary>
public sealed class DatabaseServerCpu(int postmasterPid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Finds the postmaster behind a connection, or null when the server is not local or not readable.</summary>
    public static async Task<DatabaseServerCpu?> FindAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return Stat(backend) is { } stat ? new DatabaseServerCpu(stat.ParentPid) : null;
    }

    public double Seconds()
    {
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            if (Stat(pid) is { } stat && stat.ParentPid == postmasterPid) total += stat.CpuSeconds;
        }
        return total;
    }

    private static (int ParentPid, double CpuSeconds)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name: state ppid ... utime(14) stime(15), counted from 1.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (parent, ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile, or /proc is not there
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
