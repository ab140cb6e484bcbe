using System.Globalization;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// Functions the OData translation for SQLite relies on, registered on each connection: Unicode case
/// folding (SQLite's own only folds ASCII), floor/ceiling/fmod (not in every SQLite build),
/// great-circle distance and point-in-polygon for the geo functions, exact decimal arithmetic and sums.
/// </summary>
public static class SqliteFunctions
{
    /// <summary>Mean Earth radius (IUGG), metres; the SQLite distance uses a sphere of this radius.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    public static void Register(SqliteConnection connection)
    {
        var polygons = new QueryLiterals<PlanarPolygon>(PlanarPolygon.Parse);
        connection.CreateFunction<string?, string?>("odata_lower", s => s?.ToLowerInvariant(), isDeterministic: true);
        connection.CreateFunction<string?, string?>("odata_upper", s => s?.ToUpperInvariant(), isDeterministic: true);
        connection.CreateFunction<double?, double?>("odata_floor", v => v is null ? null : Math.Floor(v.Value), isDeterministic: true);
        connection.CreateFunction<double?, double?>("odata_ceiling", v => v is null ? null : Math.Ceiling(v.Value), isDeterministic: true);
        connection.CreateFunction<double?, double?, double?>("odata_fmod",
            (a, b) => a is null || b is null || b.Value == 0 ? null : a.Value % b.Value, // truncated, like OData mod
            isDeterministic: true);
        connection.CreateFunction<double?, double?, double?, double?, double?>("odata_distance",
            (lat1, lon1, lat2, lon2) => lat1 is null || lon1 is null || lat2 is null || lon2 is null
                ? null
                : HaversineMetres(lat1.Value, lon1.Value, lat2.Value, lon2.Value),
            isDeterministic: true);
        connection.CreateFunction<double?, double?, string?, long?>("odata_in_polygon",
            (lat, lon, polygon) => lat is null || lon is null || polygon is null
                ? null
                : polygons.Get(polygon).Contains(lon.Value, lat.Value) ? 1 : 0,
            isDeterministic: true);
        SqliteShapeFunctions.Register(connection);
        RegisterDecimals(connection);
    }

    /// <summary>
    /// What decimal columns need on every connection, queries or not (an index on one uses it): the collation that
    /// compares their texts as numbers, and the exact sum, average and arithmetic on those texts. An average is
    /// rounded to <see cref="AverageDecimals"/> places, as PostgreSQL's is in the OData translation.
    /// </summary>
    public static void RegisterDecimals(SqliteConnection connection)
    {
        connection.CreateCollation(SqliteRowFormat.DecimalCollation, ExactDecimal.Compare);
        connection.CreateAggregate<string?, DecimalTotal, string?>("odata_decimal_sum", default,
            (total, text) => total.Add(text), total => total.Count == 0 ? null : RowTableFormat.DecimalText(total.Sum), isDeterministic: true);
        connection.CreateAggregate<string?, DecimalTotal, string?>("odata_decimal_avg", default,
            (total, text) => total.Add(text),
            total => total.Count == 0 ? null : RowTableFormat.DecimalText(Math.Round(total.Sum / total.Count, AverageDecimals, MidpointRounding.AwayFromZero)),
            isDeterministic: true);
        connection.CreateFunction<string, string?, string?, string?>("odata_decimal", DecimalOperation, isDeterministic: true);
    }

    /// <summary>The running sum and count of a decimal aggregate; nulls are left out, as SQL's SUM and AVG do.</summary>
    private readonly record struct DecimalTotal(decimal Sum, long Count)
    {
        public DecimalTotal Add(string? text) => text is null ? this : new(Sum + RowTableFormat.ParseDecimal(text), Count + 1);
    }

    /// <summary>Decimal places of an average of decimals.</summary>
    public const int AverageDecimals = 10;

    /// <summary>One OData operation on decimal texts (or numbers SQLite hands over as such): add, sub, mul, div, mod,
    /// negate, round, floor, ceiling. Null in, null out; division by zero and results beyond .NET's decimal give null,
    /// which matches no comparison.</summary>
    private static string? DecimalOperation(string operation, string? left, string? right)
    {
        if (left is null || right is null && operation is "add" or "sub" or "mul" or "div" or "mod") return null;
        try
        {
            var a = RowTableFormat.ParseDecimal(left);
            var b = right is null ? 0m : RowTableFormat.ParseDecimal(right);
            decimal? result = operation switch
            {
                "add" => a + b,
                "sub" => a - b,
                "mul" => a * b,
                "div" => b == 0 ? null : a / b,
                "mod" => b == 0 ? null : a % b,
                "negate" => -a,
                "round" => Math.Round(a, MidpointRounding.AwayFromZero),
                "floor" => Math.Floor(a),
                "ceiling" => Math.Ceiling(a),
                _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
            };
            return result is { } r ? RowTableFormat.DecimalText(r) : null;
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Great-circle distance on a sphere of <see cref="EarthRadiusMetres"/> (the mean Earth radius, IUGG).</summary>
    public static double HaversineMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double toRadians = Math.PI / 180;
        var dLat = (lat2 - lat1) * toRadians;
        var dLon = (lon2 - lon1) * toRadians;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * toRadians) * Math.Cos(lat2 * toRadians) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Even-odd point-in-polygon test on longitude/latitude; holes are further rings.</summary>
    private sealed class PlanarPolygon(double[][] xs, double[][] ys)
    {
        public static PlanarPolygon Parse(string text)
        {
            var rings = text.Split(';');
            var xs = new double[rings.Length][];
            var ys = new double[rings.Length][];
            for (var r = 0; r < rings.Length; r++)
            {
                var points = rings[r].Split(',');
                xs[r] = new double[points.Length];
                ys[r] = new double[points.Length];
                for (var i = 0; i < points.Length; i++)
                {
                    var parts = points[i].Split(' ');
                    xs[r][i] = double.Parse(parts[0], CultureInfo.InvariantCulture);
                    ys[r][i] = double.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
            return new PlanarPolygon(xs, ys);
        }

        public bool Contains(double x, double y)
        {
            var inside = false;
            for (var r = 0; r < xs.Length; r++)
            {
                var rx = xs[r];
                var ry = ys[r];
                for (int i = 0, j = rx.Length - 1; i < rx.Length; j = i++)
                {
                    if ((ry[i] > y) != (ry[j] > y) && x < (rx[j] - rx[i]) * (y - ry[i]) / (ry[j] - ry[i]) + rx[i])
                        inside = !inside;
                }
            }
            return inside;
        }
    }
}
