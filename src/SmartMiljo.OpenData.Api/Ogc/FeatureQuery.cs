using System.Text;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// The SQL of an items request, spelled by the same <see cref="SqlDialectSyntax"/> as OData's: the rows in the
/// box (through the spatial index) whose properties equal the requested values, in row order after the cursor,
/// one more than the page to learn whether a next page exists. Values from the request are only ever parameters.
/// </summary>
public sealed class FeatureQuery
{
    public required string RowsSql { get; init; }
    public required SqlParameterList RowsParameters { get; init; }

    /// <summary>The count of the matching rows, or null when the stored row count answers it.</summary>
    public string? CountSql { get; init; }
    public SqlParameterList? CountParameters { get; init; }

    /// <summary>Ordinal of the geometry's first column, after the properties' columns.</summary>
    public required int GeometryOrdinal { get; init; }

    /// <summary>Ordinal of the row number, the last column.</summary>
    public required int RowNumberOrdinal { get; init; }

    public static FeatureQuery Build(FeatureCollection collection, SqlDialectSyntax sql, FeatureRequest request)
    {
        var where = new SqlParameterList();
        var conditions = new List<string>();
        if (request.Box is { } box) conditions.Add(sql.WithinBox(collection.PointSql(sql), box, where));
        foreach (var (property, value) in request.PropertyEquals)
            conditions.Add($"{SqlDialectSyntax.Quote(property.Column)} = {where.Add(value)}");

        var table = SqlDialectSyntax.Quote(collection.TableName);
        var countSql = conditions.Count == 0 ? null : $"SELECT COUNT(*) FROM {table}{Where(conditions)}";
        var countParameters = where.Clone();

        var rowNumber = SqlDialectSyntax.Quote(collection.Set.RowNumber.Column);
        if (request.AfterRow is { } after) conditions.Add($"{rowNumber} > {where.Add(after)}");
        var columns = Columns(collection).ToList();
        var rows = new StringBuilder("SELECT ").AppendJoin(", ", columns.Select(SqlDialectSyntax.Quote))
            .Append(" FROM ").Append(table).Append(Where(conditions))
            .Append(" ORDER BY ").Append(rowNumber)
            .Append(" LIMIT ").Append(where.Add((long)request.Limit + 1));
        return new FeatureQuery
        {
            RowsSql = rows.ToString(), RowsParameters = where,
            CountSql = countSql, CountParameters = countSql is null ? null : countParameters,
            GeometryOrdinal = collection.Properties.Sum(p => p.SelectColumns.Count()),
            RowNumberOrdinal = columns.Count - 1,
        };
    }

    /// <summary>One feature by its id.</summary>
    public static FeatureQuery ById(FeatureCollection collection, SqlDialectSyntax sql, object id)
    {
        var parameters = new SqlParameterList();
        var columns = Columns(collection).ToList();
        var rows = $"SELECT {string.Join(", ", columns.Select(SqlDialectSyntax.Quote))} FROM {SqlDialectSyntax.Quote(collection.TableName)}"
                   + $" WHERE {SqlDialectSyntax.Quote(collection.Identifier.Column)} = {parameters.Add(id)} LIMIT 1";
        return new FeatureQuery
        {
            RowsSql = rows, RowsParameters = parameters,
            GeometryOrdinal = collection.Properties.Sum(p => p.SelectColumns.Count()),
            RowNumberOrdinal = columns.Count - 1,
        };
    }

    /// <summary>The smallest box holding every valid position: MIN/MAX over the coordinates.</summary>
    public static string ExtentSql(FeatureCollection collection, SqlDialectSyntax sql)
    {
        var point = collection.PointSql(sql);
        return $"SELECT MIN({point.Longitude}), MIN({point.Latitude}), MAX({point.Longitude}), MAX({point.Latitude})"
               + $" FROM {SqlDialectSyntax.Quote(collection.TableName)}"
               + $" WHERE {point.Latitude} BETWEEN -90 AND 90 AND {point.Longitude} BETWEEN -180 AND 180";
    }

    /// <summary>The properties' columns, the geometry's, then the row number.</summary>
    private static IEnumerable<string> Columns(FeatureCollection collection) =>
        collection.Properties.SelectMany(p => p.SelectColumns)
            .Concat(collection.Geometry.SelectColumns)
            .Append(collection.Set.RowNumber.Column);

    private static string Where(List<string> conditions) =>
        conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
}

/// <summary>An items request as understood: box, property equalities (values already in stored form), page.</summary>
public sealed record FeatureRequest(LonLatBox? Box, IReadOnlyList<(PropertyBinding Property, object? Value)> PropertyEquals, long? AfterRow, int Limit);
