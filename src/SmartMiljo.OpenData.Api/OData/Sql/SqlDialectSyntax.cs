using Microsoft.OData.Edm;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

#pragma warning disable CS0618 // ODL 8 hands out Edm.Date/TimeOfDay literals; they are converted here.
namespace SmartMiljo.OpenData.Api.OData.Sql;

/// <summary>
/// The SQL spelling of OData operators and functions for one database. How values are stored (and so bound,
/// compared and taken apart in SQL) comes from the database's row-table <see cref="Format"/>.
/// </summary>
public abstract class SqlDialectSyntax(IRowFormat format)
{
    public static SqlDialectSyntax For(IRowFormat format) => format.Dialect switch
    {
        SqlDialect.Sqlite => new SqliteSyntax(format),
        SqlDialect.PostgreSql => new PostgreSqlSyntax(format),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format.Dialect, null),
    };

    /// <summary>Mean Earth radius (IUGG), metres; the SQLite distance uses a sphere of this radius.</summary>
    public const double EarthRadiusMetres = Storage.Rows.SqliteFunctions.EarthRadiusMetres;

    public IRowFormat Format { get; } = format;
    public SqlDialect Dialect => Format.Dialect;
    public abstract string True { get; }
    public abstract string False { get; }

    /// <summary>Quotes an identifier. Only identifiers from our own table layout reach this.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public abstract string NullSafeEqual(string left, string right);
    public abstract string NullSafeNotEqual(string left, string right);
    public string NotTreatingUnknownAsFalse(string predicate) => $"NOT COALESCE({predicate}, {False})";

    public abstract string Contains(string text, string part);
    public abstract string StartsWith(string text, string prefix);
    public abstract string EndsWith(string text, string suffix);
    public abstract string Length(string text);
    public abstract string IndexOf(string text, string part);
    public abstract string Substring(string text, string start, string? length);
    public abstract string ToLower(string text);
    public abstract string ToUpper(string text);
    public string Trim(string text) => $"trim({text})";
    public string Concat(string left, string right) => $"({left} || {right})";

    /// <summary>year, month, day, hour, minute or second of a Date, DateTimeOffset (UTC) or TimeOfDay.</summary>
    public string DatePart(string part, string value, EdmPrimitiveTypeKind kind) => Format.DatePartSql(part, value, kind switch
    {
        EdmPrimitiveTypeKind.Date => FieldType.Date,
        EdmPrimitiveTypeKind.TimeOfDay => FieldType.Time,
        _ => FieldType.DateTime,
    });

    public string DateOf(string dateTimeOffset) => Format.DateOfSql(dateTimeOffset);
    public string TimeOf(string dateTimeOffset) => Format.TimeOfSql(dateTimeOffset);
    public string DateAsDateTimeOffset(string date) => Format.DateAsDateTimeSql(date);

    public abstract string Round(string value);
    public abstract string Floor(string value);
    public abstract string Ceiling(string value);
    public abstract string Modulo(string left, string right, bool integral);
    public abstract string Divide(string left, string right, bool integral);

    /// <summary>Aggregates of $apply, typed as the response states them: a sum of integers is an integer, a sum of
    /// reals and every average a double.</summary>
    public abstract string SumOfIntegers(string value);
    public string SumOfReals(string value) => $"SUM({value})";
    public abstract string Average(string value);

    /// <summary>The exact sum and average (rounded to <see cref="Storage.Rows.SqliteFunctions.AverageDecimals"/> places)
    /// of an exact decimal column, as decimals.</summary>
    public abstract string SumOfDecimals(string value);
    public abstract string AverageOfDecimals(string value);

    /// <summary>An OData operation whose result is an exact decimal: add, sub, mul, div, mod (null when dividing
    /// by zero), negate, round (halves away from zero), floor, ceiling; <paramref name="right"/> is null for the
    /// one-operand ones.</summary>
    public abstract string DecimalOperation(string operation, string left, string? right);

    /// <summary>ORDER BY term with OData's null order: nulls first ascending, last descending.</summary>
    public abstract string OrderTerm(string value, bool descending, bool nullable);

    /// <summary>Distance in metres between a row's point and a fixed point.</summary>
    public abstract string Distance(SqlPoint point, string latitude, string longitude);

    /// <summary>A predicate true when the row's point lies within a distance (metres) of a fixed point.</summary>
    public abstract string WithinDistance(SqlPoint point, double latitude, double longitude, double metres, bool inclusive, SqlParameterList parameters);

    public abstract string Intersects(SqlPoint point, SqlPolygon polygon, SqlParameterList parameters);

    /// <summary>Whether a geometry column's value intersects a WGS84 literal (WKT parameter) whose box is given.</summary>
    public abstract string ShapeIntersects(string column, string tableName, string wkt, (double MinLon, double MinLat, double MaxLon, double MaxLat) box, SqlParameterList parameters);

    /// <summary>Metres between a geometry column's value and a WGS84 literal (WKT parameter), on the ellipsoid.</summary>
    public abstract string ShapeDistance(string column, string wkt);

    /// <summary>Metres along a geometry column's lines, on the ellipsoid.</summary>
    public abstract string ShapeLength(string column);

    /// <summary>A predicate true when the row's point lies in a longitude/latitude box (edges included, planar in
    /// degrees, as OGC API Features' <c>bbox</c>), through the spatial index where the table has one.</summary>
    public virtual string WithinBox(SqlPoint point, LonLatBox box, SqlParameterList parameters) =>
        $"({point.Latitude} BETWEEN {parameters.Add(box.MinLatitude)} AND {parameters.Add(box.MaxLatitude)}"
        + $" AND {point.Longitude} BETWEEN {parameters.Add(box.MinLongitude)} AND {parameters.Add(box.MaxLongitude)})";

    /// <summary>SQL giving latitude/longitude from a geopoint column.</summary>
    public SqlPoint PointFromText(string column)
    {
        var (latitude, longitude) = Format.PointOfTextSql(column);
        return new SqlPoint(latitude, longitude, null);
    }

    /// <summary>Converts a value of an OData type into what the row table stores for that type.</summary>
    public virtual object? Encode(object? value, EdmPrimitiveTypeKind kind) => value is null ? null : Format.ToParameter(Clr(value));

    /// <summary>The typed value the row format knows for an OData literal.</summary>
    protected static object? Clr(object? value) => value switch
    {
        null => null,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        float f => (double)f,
        Guid g => g.ToString(),
        Date d => new DateOnly(d.Year, d.Month, d.Day),
        TimeOfDay t => new TimeOnly(t.Ticks),
        _ => value,
    };

    private sealed class SqliteSyntax(IRowFormat format) : SqlDialectSyntax(format)
    {
        public override string True => "1";
        public override string False => "0";
        public override string NullSafeEqual(string left, string right) => $"({left} IS {right})";
        public override string NullSafeNotEqual(string left, string right) => $"({left} IS NOT {right})";
        public override string Contains(string text, string part) => $"(instr({text}, {part}) > 0)";
        // Both forms are exact for every length: a substring of a shorter text never equals a longer affix.
        public override string StartsWith(string text, string prefix) => $"(substr({text}, 1, length({prefix})) = {prefix})";
        public override string EndsWith(string text, string suffix) => $"(substr({text}, length({text}) - length({suffix}) + 1) = {suffix})";
        public override string Length(string text) => $"length({text})";
        public override string IndexOf(string text, string part) => $"(instr({text}, {part}) - 1)";
        public override string Substring(string text, string start, string? length) =>
            length is null ? $"substr({text}, max({start}, 0) + 1)" : $"substr({text}, max({start}, 0) + 1, max({length}, 0))";
        // SQLite's lower()/upper() only fold ASCII; these registered functions handle å, ä, ö.
        public override string ToLower(string text) => $"odata_lower({text})";
        public override string ToUpper(string text) => $"odata_upper({text})";

        public override string Round(string value) => $"round({value})";
        public override string Floor(string value) => $"odata_floor({value})";
        public override string Ceiling(string value) => $"odata_ceiling({value})";
        public override string Modulo(string left, string right, bool integral) =>
            integral ? $"({left} % {right})" : $"odata_fmod({left}, {right})";
        public override string Divide(string left, string right, bool integral) =>
            integral ? $"({left} / {right})" : $"(CAST({left} AS REAL) / {right})";
        public override string SumOfIntegers(string value) => $"SUM({value})"; // an integer, or an overflow error
        public override string Average(string value) => $"AVG({value})";

        // Decimal texts are summed and computed in .NET's decimal by registered functions (SqliteFunctions); the
        // results carry the decimal collation, so they compare with decimal literals as numbers.
        public override string SumOfDecimals(string value) => $"(odata_decimal_sum({value}) COLLATE {DecimalCollation})";
        public override string AverageOfDecimals(string value) => $"(odata_decimal_avg({value}) COLLATE {DecimalCollation})";
        public override string DecimalOperation(string operation, string left, string? right) =>
            $"(odata_decimal('{operation}', {left}, {right ?? "NULL"}) COLLATE {DecimalCollation})";
        private const string DecimalCollation = Storage.Rows.SqliteRowFormat.DecimalCollation;
        public override string OrderTerm(string value, bool descending, bool nullable) =>
            descending ? value + " DESC" : value; // SQLite already sorts NULL lowest

        public override string Distance(SqlPoint point, string latitude, string longitude) =>
            $"odata_distance({point.Latitude}, {point.Longitude}, {latitude}, {longitude})";

        public override string WithinDistance(SqlPoint point, double latitude, double longitude, double metres, bool inclusive, SqlParameterList parameters)
        {
            var box = GeoBox.Around(latitude, longitude, metres);
            var lat = parameters.Add(latitude);
            var lon = parameters.Add(longitude);
            return $"({point.Latitude} BETWEEN {parameters.Add(box.MinLatitude)} AND {parameters.Add(box.MaxLatitude)}"
                + $" AND {point.Longitude} BETWEEN {parameters.Add(box.MinLongitude)} AND {parameters.Add(box.MaxLongitude)}"
                + $" AND {Distance(point, lat, lon)} {(inclusive ? "<=" : "<")} {parameters.Add(metres)})";
        }

        /// <summary>The R*Tree of boxes answers which rows can intersect; the exact test runs on those only.</summary>
        public override string ShapeIntersects(string column, string tableName, string wkt, (double MinLon, double MinLat, double MaxLon, double MaxLat) box, SqlParameterList parameters)
        {
            var boxes = Format.BoundingBoxTable(tableName);
            var prefilter = boxes is null ? "" : $"{Quote(TableLayoutRowColumn)} IN (SELECT id FROM {Quote(boxes)} WHERE maxX >= {parameters.Add(box.MinLon)}"
                + $" AND minX <= {parameters.Add(box.MaxLon)} AND maxY >= {parameters.Add(box.MinLat)} AND minY <= {parameters.Add(box.MaxLat)}) AND ";
            return $"({prefilter}odata_shape_intersects({column}, {wkt}) = 1)";
        }

        private string TableLayoutRowColumn => Format.RowNumberColumn;

        public override string ShapeDistance(string column, string wkt) => $"odata_shape_distance({column}, {wkt})";
        public override string ShapeLength(string column) => $"odata_shape_length({column})";

        public override string Intersects(SqlPoint point, SqlPolygon polygon, SqlParameterList parameters)
        {
            var box = polygon.BoundingBox();
            return $"({point.Latitude} BETWEEN {parameters.Add(box.MinLat)} AND {parameters.Add(box.MaxLat)}"
                + $" AND {point.Longitude} BETWEEN {parameters.Add(box.MinLon)} AND {parameters.Add(box.MaxLon)}"
                + $" AND odata_in_polygon({point.Latitude}, {point.Longitude}, {parameters.Add(polygon.ToParameterText())}) = 1)";
        }
    }

    private sealed class PostgreSqlSyntax(IRowFormat format) : SqlDialectSyntax(format)
    {
        public override string True => "TRUE";
        public override string False => "FALSE";
        public override string NullSafeEqual(string left, string right) => $"({left} IS NOT DISTINCT FROM {right})";
        public override string NullSafeNotEqual(string left, string right) => $"({left} IS DISTINCT FROM {right})";
        public override string Contains(string text, string part) => $"(strpos({text}, {part}) > 0)";
        public override string StartsWith(string text, string prefix) => $"starts_with({text}, {prefix})";
        public override string EndsWith(string text, string suffix) => $"(right({text}, char_length({suffix})) = {suffix})";
        public override string Length(string text) => $"char_length({text})";
        public override string IndexOf(string text, string part) => $"(strpos({text}, {part}) - 1)";
        public override string Substring(string text, string start, string? length) =>
            length is null
                ? $"substr({text}, CAST(GREATEST({start}, 0) + 1 AS integer))"
                : $"substr({text}, CAST(GREATEST({start}, 0) + 1 AS integer), CAST(GREATEST({length}, 0) AS integer))";
        public override string ToLower(string text) => $"lower({text})";
        public override string ToUpper(string text) => $"upper({text})";

        // numeric rounds halves away from zero, as OData requires; double precision would round to even.
        public override string Round(string value) => $"CAST(round(CAST({value} AS numeric)) AS double precision)";
        public override string Floor(string value) => $"floor({value})";
        public override string Ceiling(string value) => $"ceiling({value})";
        public override string Modulo(string left, string right, bool integral) =>
            integral ? $"({left} % {right})" : $"CAST(mod(CAST({left} AS numeric), CAST({right} AS numeric)) AS double precision)";
        public override string Divide(string left, string right, bool integral) =>
            integral ? $"({left} / {right})" : $"(CAST({left} AS double precision) / {right})";
        // SUM(bigint) and AVG(bigint) are numeric: back to bigint (out of range is a data error) and to double.
        public override string SumOfIntegers(string value) => $"CAST(SUM({value}) AS bigint)";
        public override string Average(string value) => $"CAST(AVG({value}) AS double precision)";
        public override string SumOfDecimals(string value) => $"SUM({value})";
        public override string AverageOfDecimals(string value) => $"round(AVG({value}), {Storage.Rows.SqliteFunctions.AverageDecimals})";
        public override string DecimalOperation(string operation, string left, string? right) => operation switch
        {
            "add" => $"({left} + {right})",
            "sub" => $"({left} - {right})",
            "mul" => $"({left} * {right})",
            "div" => $"({left} / NULLIF({right}, 0))",
            "mod" => $"mod({left}, NULLIF({right}, 0))",
            "negate" => $"(-{left})",
            "round" or "floor" or "ceiling" => $"{operation}({left})", // numeric round() takes halves away from zero
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
        public override string OrderTerm(string value, bool descending, bool nullable) =>
            !nullable ? (descending ? value + " DESC" : value)
            : descending ? value + " DESC NULLS LAST" : value + " NULLS FIRST";

        private static string FixedPoint(string latitude, string longitude) =>
            $"CAST(ST_SetSRID(ST_MakePoint({longitude}, {latitude}), 4326) AS geography)";

        private static string Geography(SqlPoint point) =>
            point.GeographyColumn ?? FixedPoint(point.Latitude, point.Longitude);

        public override string Distance(SqlPoint point, string latitude, string longitude) =>
            $"ST_Distance({Geography(point)}, {FixedPoint(latitude, longitude)})";

        public override string WithinDistance(SqlPoint point, double latitude, double longitude, double metres, bool inclusive, SqlParameterList parameters)
        {
            var target = FixedPoint(parameters.Add(latitude), parameters.Add(longitude));
            var distance = parameters.Add(metres);
            // ST_DWithin uses the GiST index and is inclusive; strictness is added on top.
            var within = $"ST_DWithin({Geography(point)}, {target}, {distance})";
            if (!inclusive) within = $"{within} AND ST_Distance({Geography(point)}, {target}) < {distance}";
            return $"({IndexedBox(point, GeoBox.Around(latitude, longitude, metres), parameters)}{within})";
        }

        public override string Intersects(SqlPoint point, SqlPolygon polygon, SqlParameterList parameters) =>
            $"({IndexedBox(point, GeoBox.OfGreatCircleRings(polygon.Rings), parameters)}"
            + $"ST_Intersects({Geography(point)}, ST_GeogFromText({parameters.Add("SRID=4326;" + polygon.ToWkt())})))";

        public override string ShapeIntersects(string column, string tableName, string wkt, (double MinLon, double MinLat, double MaxLon, double MaxLat) box, SqlParameterList parameters) =>
            $"ST_Intersects({column}, ST_GeogFromText({wkt}))";
        public override string ShapeDistance(string column, string wkt) => $"ST_Distance({column}, ST_GeogFromText({wkt}))";
        public override string ShapeLength(string column) => $"ST_Length({column})";

        /// <summary>
        /// The prefilter that reaches the row table's GiST index, which is built on the positions as
        /// <c>geometry</c> (PostGIS builds those sorted, several times faster than a <c>geography</c> GiST):
        /// a box containing every point the exact geography predicate after it can accept. Empty where
        /// there is no such index (a position held as text) or the box would be the whole globe.
        /// </summary>
        private string IndexedBox(SqlPoint point, GeoBox box, SqlParameterList parameters) =>
            point.GeographyColumn is null || Format.IndexedPosition is null || box.CoversEverything ? ""
            : $"{Format.IndexedPosition} && ST_MakeEnvelope({parameters.Add(box.MinLongitude)}, {parameters.Add(box.MinLatitude)}, "
              + $"{parameters.Add(box.MaxLongitude)}, {parameters.Add(box.MaxLatitude)}, 4326) AND ";

        public override string WithinBox(SqlPoint point, LonLatBox box, SqlParameterList parameters) =>
            point.GeographyColumn is null || Format.IndexedPosition is null ? base.WithinBox(point, box, parameters)
            : $"ST_Intersects({Format.IndexedPosition}, ST_MakeEnvelope({parameters.Add(box.MinLongitude)}, {parameters.Add(box.MinLatitude)}, "
              + $"{parameters.Add(box.MaxLongitude)}, {parameters.Add(box.MaxLatitude)}, 4326))";

        // Year columns are integer: an Int32 literal binds as one.
        public override object? Encode(object? value, EdmPrimitiveTypeKind kind) => Clr(value) switch
        {
            null => null,
            long l when kind == EdmPrimitiveTypeKind.Int32 && l is >= int.MinValue and <= int.MaxValue => (int)l,
            var other => Format.ToParameter(other),
        };
    }
}
