using System.Data.Common;
using System.Globalization;
using System.Text;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// Creates row tables with exactly the layout the Storage project writes (column <c>_row</c>, then
/// one column per field, SQLite text encodings for temporal values, PostGIS <c>_geom</c>), so the
/// OData service can be tested before and independently of the real row store.
/// </summary>
public static class TestRowTables
{
    public static async Task CreateAsync(DbConnection connection, SqlDialect dialect, string table, TableSchema schema, IEnumerable<object?[]> rows)
    {
        var layout = new TableLayout(schema);
        var pg = dialect == SqlDialect.PostgreSql;
        var columns = new List<string> { $"\"_row\" {(pg ? "bigint primary key" : "INTEGER PRIMARY KEY")}" };
        for (var i = 0; i < schema.Fields.Count; i++)
            columns.Add($"\"{layout.ColumnNames[i]}\" {SqlType(schema.Fields[i].Type, pg)}");
        var geometry = pg && schema.Geometry is not null;
        if (geometry) columns.Add("\"_geom\" geography(Point,4326)");
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS \"{table}\"");
        await ExecuteAsync(connection, $"CREATE TABLE \"{table}\" ({string.Join(", ", columns)})");

        var names = new[] { "\"_row\"" }.Concat(layout.ColumnNames.Select(c => $"\"{c}\"")).ToList();
        var placeholders = Enumerable.Range(0, names.Count).Select(i => $"@v{i}").ToList();
        if (geometry)
        {
            names.Add("\"_geom\"");
            var lat = schema.IndexOf(schema.Geometry!.LatitudeField) + 1;
            var lon = schema.IndexOf(schema.Geometry.LongitudeField) + 1;
            placeholders.Add($"CAST(ST_SetSRID(ST_MakePoint(CAST(@v{lon} AS double precision), CAST(@v{lat} AS double precision)), 4326) AS geography)");
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)})";
        var rowNumber = 0L;
        foreach (var row in rows)
        {
            insert.Parameters.Clear();
            Add(insert, 0, ++rowNumber);
            for (var i = 0; i < schema.Fields.Count; i++)
                Add(insert, i + 1, Encode(row[i], pg));
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();

        foreach (var key in schema.PrimaryKey)
            await ExecuteAsync(connection, $"CREATE INDEX \"ix_{table}_{layout.ColumnOf(key)}\" ON \"{table}\" (\"{layout.ColumnOf(key)}\")");
        if (geometry) // the platform's spatial index, which the OData geo prefilters are written to reach
            await ExecuteAsync(connection, $"CREATE INDEX \"ix_{table}_geom\" ON \"{table}\" USING GIST {Storage.Rows.PostgresValueCodec.IndexedGeometry}");
    }

    public static async Task CreateIndexAsync(DbConnection connection, string table, string column) =>
        await ExecuteAsync(connection, $"CREATE INDEX \"ix_{table}_{column}\" ON \"{table}\" (\"{column}\")");

    private static void Add(DbCommand command, int index, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = $"@v{index}";
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static string SqlType(FieldType type, bool pg) => type switch
    {
        FieldType.String or FieldType.GeoPoint => pg ? "text" : "TEXT",
        FieldType.Integer => pg ? "bigint" : "INTEGER",
        FieldType.Number => pg ? "double precision" : "REAL",
        FieldType.Boolean => pg ? "boolean" : "INTEGER",
        FieldType.Date => pg ? "date" : "TEXT",
        FieldType.DateTime => pg ? "timestamptz" : "TEXT",
        FieldType.Time => pg ? "time" : "TEXT",
        FieldType.Year => pg ? "integer" : "INTEGER",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static object? Encode(object? value, bool pg) => value switch
    {
        null => null,
        GeoPoint p => string.Create(CultureInfo.InvariantCulture, $"{p.Latitude},{p.Longitude}"),
        DateOnly d when !pg => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t when !pg => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime(),
        TimeOnly t when !pg => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        bool b when !pg => b ? 1L : 0L,
        int i when !pg => (long)i,
        _ => value,
    };
}
