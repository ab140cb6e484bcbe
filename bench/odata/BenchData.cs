using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Bench.OData;

/// <summary>The benchmark dataset: N rows of places spread over Sweden, in the row-table layout Storage writes.</summary>
public static class BenchData
{
    public const string Table = "t_bench_platser_v1";

    public static readonly TableSchema Schema = new()
    {
        Fields =
        [
            new FieldDefinition { Name = "kod", Type = FieldType.String },
            // The format only steers the index plan here (a filter column); the bench codes look like K0123.
            new FieldDefinition { Name = "kommun", Type = FieldType.String, Format = "kommunkod" },
            new FieldDefinition { Name = "namn", Type = FieldType.String },
            new FieldDefinition { Name = "värde", Type = FieldType.Number },
            new FieldDefinition { Name = "datum", Type = FieldType.Date },
            new FieldDefinition { Name = "lat", Type = FieldType.Number },
            new FieldDefinition { Name = "lon", Type = FieldType.Number },
        ],
        PrimaryKey = ["kod"],
        Geometry = new GeometryMapping("lat", "lon"),
    };

    public static PublishedDataset Published(long rows) => new()
    {
        DatasetId = Guid.NewGuid(), OrganisationSlug = "bench", OrganisationName = "Bench", DatasetSlug = "platser",
        Title = "Platser", VersionNumber = 1, TableName = Table, Schema = Schema, RowCount = rows, PublishedAt = DateTimeOffset.UtcNow,
    };

    private static object?[] Row(long i)
    {
        // Deterministic pseudo-random spread: 290 municipalities, points between 55–69 N and 11–24 E.
        var random = new Random((int)(i * 7919 % int.MaxValue));
        return
        [
            $"P{i:D7}",
            $"K{i % 290:D4}",
            $"Plats nummer {i} i kommun {i % 290}",
            Math.Round(random.NextDouble() * 1000, 2),
            new DateOnly(2000, 1, 1).AddDays((int)(i % 9000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            55 + random.NextDouble() * 14,
            11 + random.NextDouble() * 13,
        ];
    }

    public static async Task CreateSqliteAsync(string path, long rows)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        await Execute(connection, $"CREATE TABLE \"{Table}\" (\"_row\" INTEGER PRIMARY KEY, \"kod\" TEXT, \"kommun\" TEXT, \"namn\" TEXT, \"varde\" REAL, \"datum\" TEXT, \"lat\" REAL, \"lon\" REAL)");
        await using (var transaction = connection.BeginTransaction())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO \"{Table}\" VALUES (@r, @a, @b, @c, @d, @e, @f, @g)";
            var parameters = new[] { "@r", "@a", "@b", "@c", "@d", "@e", "@f", "@g" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
            for (long i = 1; i <= rows; i++)
            {
                var row = Row(i);
                parameters[0].Value = i;
                for (var c = 0; c < row.Length; c++) parameters[c + 1].Value = row[c];
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        await EnsureIndexesAsync(connection, postgres: false);
        await Execute(connection, "PRAGMA journal_mode=DELETE"); // a single file, safe to move
    }

    public static async Task CreatePostgresAsync(NpgsqlDataSource dataSource, long rows, bool reload)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, "CREATE EXTENSION IF NOT EXISTS postgis");
        if (reload || await CountRowsAsync(connection) != rows) await LoadPostgresAsync(connection, rows);
        await EnsureIndexesAsync(connection, postgres: true);
    }

    private static async Task LoadPostgresAsync(NpgsqlConnection connection, long rows)
    {
        await Execute(connection, $"DROP TABLE IF EXISTS \"{Table}\"");
        await Execute(connection, $"CREATE TABLE \"{Table}\" (\"_row\" bigint primary key, \"kod\" text, \"kommun\" text, \"namn\" text, \"varde\" double precision, \"datum\" date, \"lat\" double precision, \"lon\" double precision, \"_geom\" geography(Point,4326))");
        await using (var import = await connection.BeginBinaryImportAsync($"COPY \"{Table}\" (\"_row\", \"kod\", \"kommun\", \"namn\", \"varde\", \"datum\", \"lat\", \"lon\") FROM STDIN (FORMAT BINARY)"))
        {
            for (long i = 1; i <= rows; i++)
            {
                var row = Row(i);
                await import.StartRowAsync();
                await import.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Bigint);
                await import.WriteAsync((string)row[0]!, NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync((string)row[1]!, NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync((string)row[2]!, NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync((double)row[3]!, NpgsqlTypes.NpgsqlDbType.Double);
                await import.WriteAsync(DateOnly.Parse((string)row[4]!, CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Date);
                await import.WriteAsync((double)row[5]!, NpgsqlTypes.NpgsqlDbType.Double);
                await import.WriteAsync((double)row[6]!, NpgsqlTypes.NpgsqlDbType.Double);
            }
            await import.CompleteAsync();
        }
        await Execute(connection, $"UPDATE \"{Table}\" SET \"_geom\" = CAST(ST_SetSRID(ST_MakePoint(\"lon\", \"lat\"), 4326) AS geography)");
    }

    /// <summary>
    /// The indexes Storage's row stores create for this schema (<see cref="RowIndexPlan"/>): the primary key
    /// and the filter column kommun, plus the geometry index: SQLite a (lat, lon) b-tree for the bounding-box
    /// prefilter of geo.distance, PostgreSQL the GiST index on _geom as geometry. Idempotent, so existing bench databases
    /// follow a changed plan.
    /// </summary>
    public static async Task EnsureIndexesAsync(DbConnection connection, bool postgres)
    {
        foreach (var legacy in new[] { "ix_bench_kod", "ix_bench_kommun", "ix_bench_lat_lon" })
            await Execute(connection, $"DROP INDEX IF EXISTS \"{legacy}\"");
        var layout = new TableLayout(Schema);
        var columns = RowIndexPlan.Columns(layout);
        for (var k = 0; k < columns.Count; k++)
        {
            // As the stores do: PostgreSQL takes the planned key, SQLite the column (it appends the rowid _row itself).
            var key = postgres ? RowIndexPlan.KeyOf(layout, columns[k]) : [columns[k]];
            var name = RowIndexPlan.IndexName(Table, k);
            if (postgres) await Execute(connection, $"DROP INDEX IF EXISTS \"{name}\""); // the plan may have changed
            await Execute(connection, $"CREATE INDEX IF NOT EXISTS \"{name}\" ON \"{Table}\" ({string.Join(", ", key.Select(c => $"\"{c}\""))})");
        }
        if (postgres)
        {
            // The platform's spatial index: a sorted GiST on the positions as geometry (the OData prefilter's target).
            await Execute(connection, $"DROP INDEX IF EXISTS \"ix_{Table}_geom\"");
            await Execute(connection, $"CREATE INDEX \"ix_{Table}_geom\" ON \"{Table}\" USING GIST {PostgresRowFormat.IndexedGeometry}");
        }
        else await Execute(connection, $"CREATE INDEX IF NOT EXISTS \"ix_{Table}_geo\" ON \"{Table}\" (\"lat\", \"lon\")");
        await Execute(connection, postgres ? $"ANALYZE \"{Table}\"" : "ANALYZE");
    }

    private static async Task<long> CountRowsAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT to_regclass('\"{Table}\"') IS NOT NULL";
        if (!(bool)(await command.ExecuteScalarAsync())!) return -1;
        command.CommandText = $"SELECT count(*) FROM \"{Table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
