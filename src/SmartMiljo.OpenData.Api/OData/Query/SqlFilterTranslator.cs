using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Microsoft.Spatial;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Schemas;

#pragma warning disable CS0618 // ODL 8 hands out Edm.Date/TimeOfDay literals; they are converted here.
namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// Translates a parsed <c>$filter</c> (and <c>$search</c>) tree into a parameterised SQL predicate.
/// Column names come from the entity set's bindings; every literal becomes a parameter.
/// Null semantics follow OData: <c>eq</c>/<c>ne</c> compare nulls as values, ordering comparisons
/// with null are false, and <c>not</c> of such a false comparison is true.
/// <c>now()</c> is <paramref name="now"/>: the request's moment, read once from the injected TimeProvider.
/// Longer than our usual file: one recursive translation, a method per kind of OData expression node, whose
/// null and type rules depend on each other; the dialect differences live in <see cref="SqlDialectSyntax"/>.
/// </summary>
public sealed class SqlFilterTranslator(EntitySetBinding set, SqlDialectSyntax sql, SqlParameterList parameters, DateTimeOffset now,
    IDictionary<string, SingleValueNode?>? aliases = null)
{
    private readonly record struct SqlExpr(string Sql, EdmPrimitiveTypeKind Kind, bool IsNull = false, bool IsConstant = false);

    public string TranslateFilter(FilterClause filter) => Translate(filter.Expression).Sql;

    public string TranslateSearch(SearchClause search) => Search(search.Expression);

    /// <summary>A value expression (a sort key such as <c>geo.distance(location, geography'...')</c>).</summary>
    public string TranslateValue(SingleValueNode node) => Translate(node).Sql;

    private SqlExpr Translate(QueryNode node) => node switch
    {
        BinaryOperatorNode binary => Binary(binary),
        UnaryOperatorNode unary => Unary(unary),
        ConstantNode constant => Constant(constant.Value, KindOf(constant.TypeReference)),
        ConvertNode convert => Convert(convert),
        SingleValuePropertyAccessNode property => Property(property),
        SingleValueFunctionCallNode function => Function(function),
        InNode @in => In(@in),
        ParameterAliasNode alias => Translate(Resolve(alias)),
        SingleValueOpenPropertyAccessNode open => throw ODataRequestException.BadRequest($"Unknown property '{open.Name}'.", "$filter"),
        _ => throw ODataRequestException.NotImplemented($"'{node.Kind}' expressions are not supported in $filter.", "$filter"),
    };

    /// <summary>The expression an alias stands for. Aliases naming aliases are refused: they could form a cycle.</summary>
    private SingleValueNode Resolve(ParameterAliasNode alias)
    {
        if (aliases is null || !aliases.TryGetValue(alias.Alias, out var value) || value is null)
            throw ODataRequestException.BadRequest($"$filter uses the parameter alias {alias.Alias}, but the query gives no value for it (add &{alias.Alias}=...).", "$filter");
        if (value is ParameterAliasNode)
            throw ODataRequestException.BadRequest($"The value of {alias.Alias} must be a literal or expression, not another alias.", alias.Alias);
        return value;
    }

    private static EdmPrimitiveTypeKind KindOf(IEdmTypeReference? type) =>
        type?.IsPrimitive() == true ? type.AsPrimitive().PrimitiveKind() : EdmPrimitiveTypeKind.None;

    private static bool IsIntegral(EdmPrimitiveTypeKind kind) => kind is EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32
        or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte;

    private static bool IsSpatial(EdmPrimitiveTypeKind kind) =>
        kind is >= EdmPrimitiveTypeKind.Geography and <= EdmPrimitiveTypeKind.GeometryMultiPoint;

    private SqlExpr Constant(object? value, EdmPrimitiveTypeKind kind)
    {
        if (value is null) return new SqlExpr("NULL", kind, IsNull: true, IsConstant: true);
        if (value is TimeSpan)
            throw ODataRequestException.NotImplemented(
                "A duration can only be added to or subtracted from a fixed point in time, e.g. now() sub duration'P7D' "
                + "or 2024-06-01T08:00:00Z add duration'PT12H'; no column holds durations, and date arithmetic on columns is not supported.", "$filter");
        if (value is ISpatial)
            throw ODataRequestException.BadRequest("Geography literals can only be used in geo.distance and geo.intersects.", "$filter");
        return new SqlExpr(parameters.Add(sql.Encode(Comparable(value), kind)), kind, IsConstant: true);
    }

    /// <summary>
    /// Refuses NaN, which the row tables never hold (SQLite cannot even bind it) and which equals nothing, not
    /// even itself. INF and -INF stay: they are ordinary bounds in comparisons on both databases.
    /// </summary>
    private static object? Comparable(object? value) => value switch
    {
        double d when double.IsNaN(d) => throw NotANumber(),
        float f when float.IsNaN(f) => throw NotANumber(),
        _ => value,
    };

    private static ODataRequestException NotANumber() => ODataRequestException.BadRequest(
        "NaN is not a value any row holds, and it equals nothing, not even itself. To find rows without a value use 'eq null'.", "$filter");

    private SqlExpr Property(SingleValuePropertyAccessNode node)
    {
        var property = set.Resolve(node.Property);
        if (property.IsGeography)
            throw ODataRequestException.BadRequest(
                $"'{property.Name}' is a geography property; use it in geo.distance or geo.intersects.", "$filter");
        return new SqlExpr(SqlDialectSyntax.Quote(property.Column), KindOf(node.TypeReference));
    }

    private SqlExpr Convert(ConvertNode node)
    {
        var target = KindOf(node.TypeReference);
        if (node.Source is ConstantNode constant)
            return Constant(ConvertConstant(Comparable(constant.Value), target), target);
        var source = Translate(node.Source);
        if (source.IsNull) return source with { Kind = target };
        if (source.Kind == EdmPrimitiveTypeKind.Date && target == EdmPrimitiveTypeKind.DateTimeOffset)
            return new SqlExpr(sql.DateAsDateTimeOffset(source.Sql), target);
        // Numeric widening needs no SQL: both databases compare and compute across numeric types.
        return source with { Kind = target };
    }

    private static object? ConvertConstant(object? value, EdmPrimitiveTypeKind target)
    {
        try
        {
            return (value, target) switch
            {
                (null, _) => null,
                (Date d, EdmPrimitiveTypeKind.DateTimeOffset) => new DateTimeOffset(d.Year, d.Month, d.Day, 0, 0, 0, TimeSpan.Zero),
                (IConvertible, EdmPrimitiveTypeKind.Int64) => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
                (IConvertible, EdmPrimitiveTypeKind.Int32) => System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
                (IConvertible, EdmPrimitiveTypeKind.Double) => System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
                (IConvertible, EdmPrimitiveTypeKind.Decimal) => System.Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture),
                _ => value,
            };
        }
        catch (Exception e) when (e is OverflowException or InvalidCastException or FormatException)
        {
            throw ODataRequestException.BadRequest($"The literal '{value}' does not fit type Edm.{target}.", "$filter");
        }
    }

    private SqlExpr Unary(UnaryOperatorNode node)
    {
        var operand = Translate(node.Operand);
        return node.OperatorKind switch
        {
            UnaryOperatorKind.Not => new SqlExpr(sql.NotTreatingUnknownAsFalse(operand.Sql), EdmPrimitiveTypeKind.Boolean),
            UnaryOperatorKind.Negate when operand.Kind == EdmPrimitiveTypeKind.Decimal =>
                new SqlExpr(sql.DecimalOperation("negate", operand.Sql, null), operand.Kind),
            UnaryOperatorKind.Negate => new SqlExpr($"(-{operand.Sql})", operand.Kind),
            _ => throw ODataRequestException.NotImplemented($"Operator '{node.OperatorKind}' is not supported.", "$filter"),
        };
    }

    private SqlExpr Binary(BinaryOperatorNode node)
    {
        switch (node.OperatorKind)
        {
            case BinaryOperatorKind.And:
                return new SqlExpr($"({Translate(node.Left).Sql} AND {Translate(node.Right).Sql})", EdmPrimitiveTypeKind.Boolean);
            case BinaryOperatorKind.Or:
                return new SqlExpr($"({Translate(node.Left).Sql} OR {Translate(node.Right).Sql})", EdmPrimitiveTypeKind.Boolean);
            case BinaryOperatorKind.Has:
                throw ODataRequestException.NotImplemented("The 'has' operator is not supported: the service has no enumeration types.", "$filter");
        }

        if (TryDistancePredicate(node) is { } distance)
            return new SqlExpr(distance, EdmPrimitiveTypeKind.Boolean);
        if (TryFoldDuration(node) is { } folded)
            return folded;

        var left = Translate(node.Left);
        var right = Translate(node.Right);
        if (IsSpatial(left.Kind) || IsSpatial(right.Kind))
            throw ODataRequestException.BadRequest("Geography values cannot be compared or computed with.", "$filter");

        if (KindOf(node.TypeReference) == EdmPrimitiveTypeKind.Decimal && DecimalOperationName(node.OperatorKind) is { } operation)
            return new SqlExpr(sql.DecimalOperation(operation, left.Sql, right.Sql), EdmPrimitiveTypeKind.Decimal);

        return node.OperatorKind switch
        {
            BinaryOperatorKind.Equal => new SqlExpr(Equal(left, right), EdmPrimitiveTypeKind.Boolean),
            BinaryOperatorKind.NotEqual => new SqlExpr(NotEqual(left, right), EdmPrimitiveTypeKind.Boolean),
            BinaryOperatorKind.GreaterThan => Compare(left, ">", right),
            BinaryOperatorKind.GreaterThanOrEqual => Compare(left, ">=", right),
            BinaryOperatorKind.LessThan => Compare(left, "<", right),
            BinaryOperatorKind.LessThanOrEqual => Compare(left, "<=", right),
            BinaryOperatorKind.Add => Arithmetic(node, left, "+", right),
            BinaryOperatorKind.Subtract => Arithmetic(node, left, "-", right),
            BinaryOperatorKind.Multiply => Arithmetic(node, left, "*", right),
            BinaryOperatorKind.Divide => Numeric(node, new SqlExpr(
                sql.Divide(left.Sql, right.Sql, IsIntegral(left.Kind) && IsIntegral(right.Kind)), KindOf(node.TypeReference))),
            BinaryOperatorKind.Modulo => Numeric(node, new SqlExpr(
                sql.Modulo(left.Sql, right.Sql, IsIntegral(left.Kind) && IsIntegral(right.Kind)), KindOf(node.TypeReference))),
            _ => throw ODataRequestException.NotImplemented($"Operator '{node.OperatorKind}' is not supported.", "$filter"),
        };
    }

    /// <summary>
    /// A fixed point in time plus or minus a duration literal (<c>now() sub duration'P7D'</c>), computed here into a
    /// literal, so it compares with a column like any other. Dates take whole days only.
    /// </summary>
    private SqlExpr? TryFoldDuration(BinaryOperatorNode node)
    {
        if (node.OperatorKind is not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract)
            || Unwrap(node.Right) is not ConstantNode { Value: TimeSpan duration })
            return null;
        var sign = node.OperatorKind == BinaryOperatorKind.Add ? 1 : -1;
        object? start = Unwrap(node.Left) switch
        {
            ConstantNode { Value: var value } => value,
            SingleValueFunctionCallNode f when string.Equals(f.Name, "now", StringComparison.OrdinalIgnoreCase) => now,
            _ => null,
        };
        try
        {
            switch (start)
            {
                case DateTimeOffset instant:
                    return Constant(instant + sign * duration, EdmPrimitiveTypeKind.DateTimeOffset);
                case Date or DateOnly when duration.Ticks % TimeSpan.TicksPerDay == 0:
                    var day = start is Date d ? new DateOnly(d.Year, d.Month, d.Day) : (DateOnly)start;
                    return Constant(day.AddDays(sign * (int)duration.TotalDays), EdmPrimitiveTypeKind.Date);
                case Date or DateOnly:
                    throw ODataRequestException.BadRequest("Only whole days can be added to or subtracted from a date.", "$filter");
                default:
                    return null;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            throw ODataRequestException.BadRequest("The date and duration give a point in time outside the calendar.", "$filter");
        }
    }

    /// <summary>Arithmetic whose result is Edm.Decimal is computed exactly (<see cref="SqlDialectSyntax.DecimalOperation"/>).</summary>
    private static string? DecimalOperationName(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "add",
        BinaryOperatorKind.Subtract => "sub",
        BinaryOperatorKind.Multiply => "mul",
        BinaryOperatorKind.Divide => "div",
        BinaryOperatorKind.Modulo => "mod",
        _ => null,
    };

    private string Equal(SqlExpr left, SqlExpr right)
    {
        if (left.IsNull && right.IsNull) return sql.True;
        if (right.IsNull) return $"({left.Sql} IS NULL)";
        if (left.IsNull) return $"({right.Sql} IS NULL)";
        // A non-null literal on either side makes plain '=' exact, and '=' can use an index.
        if (left.IsConstant || right.IsConstant) return $"({left.Sql} = {right.Sql})";
        return sql.NullSafeEqual(left.Sql, right.Sql);
    }

    private string NotEqual(SqlExpr left, SqlExpr right)
    {
        if (left.IsNull && right.IsNull) return sql.False;
        if (right.IsNull) return $"({left.Sql} IS NOT NULL)";
        if (left.IsNull) return $"({right.Sql} IS NOT NULL)";
        return sql.NullSafeNotEqual(left.Sql, right.Sql);
    }

    private SqlExpr Compare(SqlExpr left, string op, SqlExpr right) =>
        new(left.IsNull || right.IsNull ? sql.False : $"({left.Sql} {op} {right.Sql})", EdmPrimitiveTypeKind.Boolean);

    private static SqlExpr Arithmetic(BinaryOperatorNode node, SqlExpr left, string op, SqlExpr right) =>
        Numeric(node, new SqlExpr($"({left.Sql} {op} {right.Sql})", KindOf(node.TypeReference)));

    private static SqlExpr Numeric(BinaryOperatorNode node, SqlExpr result)
    {
        var kind = KindOf(node.TypeReference);
        if (kind is EdmPrimitiveTypeKind.Date or EdmPrimitiveTypeKind.DateTimeOffset or EdmPrimitiveTypeKind.Duration or EdmPrimitiveTypeKind.TimeOfDay)
            throw ODataRequestException.NotImplemented("Date and duration arithmetic is not supported.", "$filter");
        return result;
    }

    private SqlExpr In(InNode node)
    {
        var left = Translate(node.Left);
        if (node.Right is not CollectionConstantNode list)
            throw ODataRequestException.NotImplemented("'in' is supported with a literal list only.", "$filter");
        var placeholders = new List<string>();
        var hasNull = false;
        foreach (var item in list.Collection)
        {
            if (item.Value is null) { hasNull = true; continue; }
            placeholders.Add(parameters.Add(sql.Encode(Comparable(ConvertConstant(Comparable(item.Value), left.Kind)), left.Kind)));
        }
        var parts = new List<string>();
        if (placeholders.Count > 0) parts.Add($"{left.Sql} IN ({string.Join(", ", placeholders)})");
        if (hasNull) parts.Add($"{left.Sql} IS NULL");
        return new SqlExpr(parts.Count == 0 ? sql.False : "(" + string.Join(" OR ", parts) + ")", EdmPrimitiveTypeKind.Boolean);
    }

    private SqlExpr Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.ToList();
        var name = node.Name.ToLowerInvariant();
        var kind = KindOf(node.TypeReference);
        string Arg(int i) => Translate(args[i]).Sql;
        EdmPrimitiveTypeKind ArgKind(int i) => KindOf(((SingleValueNode)args[i]).TypeReference);

        if (name is "geo.intersects" or "geo.distance" or "geo.length" && ShapeProperty(args) is { } shape)
            return ShapeFunction(name, shape, args);

        switch (name)
        {
            case "geo.distance":
            {
                var (point, target) = PointAndFixedPoint(args);
                return new SqlExpr(sql.Distance(point, parameters.Add(target.Latitude), parameters.Add(target.Longitude)), EdmPrimitiveTypeKind.Double);
            }
            case "geo.intersects":
                return new SqlExpr(Intersects(args), EdmPrimitiveTypeKind.Boolean);
            case "now":
                return Constant(now, EdmPrimitiveTypeKind.DateTimeOffset);
        }

        if (NotSupportedFunctions.Contains(name))
            throw ODataRequestException.NotImplemented(
                $"The function '{node.Name}' is not supported by this service (see Capabilities.FilterFunctions in $metadata).", "$filter");
        Expect(name, args, name is "substring" ? [2, 3] : name is "contains" or "startswith" or "endswith" or "indexof" or "concat" ? [2] : [1]);
        if (name == "substring") return Substring(args);
        var result = name switch
        {
            "contains" => sql.Contains(Arg(0), Arg(1)),
            "startswith" => sql.StartsWith(Arg(0), Arg(1)),
            "endswith" => sql.EndsWith(Arg(0), Arg(1)),
            "length" => sql.Length(Arg(0)),
            "indexof" => sql.IndexOf(Arg(0), Arg(1)),
            "tolower" => sql.ToLower(Arg(0)),
            "toupper" => sql.ToUpper(Arg(0)),
            "trim" => sql.Trim(Arg(0)),
            "concat" => sql.Concat(Arg(0), Arg(1)),
            "year" or "month" or "day" => sql.DatePart(name, Arg(0), ArgKind(0)),
            "hour" or "minute" or "second" when ArgKind(0) is EdmPrimitiveTypeKind.DateTimeOffset or EdmPrimitiveTypeKind.TimeOfDay
                => sql.DatePart(name, Arg(0), ArgKind(0)),
            "date" when ArgKind(0) == EdmPrimitiveTypeKind.DateTimeOffset => sql.DateOf(Arg(0)),
            "time" when ArgKind(0) == EdmPrimitiveTypeKind.DateTimeOffset => sql.TimeOf(Arg(0)),
            "round" or "floor" or "ceiling" when ArgKind(0) == EdmPrimitiveTypeKind.Decimal => sql.DecimalOperation(name, Arg(0), null),
            "round" => IsIntegral(ArgKind(0)) ? Arg(0) : sql.Round(Arg(0)),
            "floor" => IsIntegral(ArgKind(0)) ? Arg(0) : sql.Floor(Arg(0)),
            "ceiling" => IsIntegral(ArgKind(0)) ? Arg(0) : sql.Ceiling(Arg(0)),
            _ => throw ODataRequestException.NotImplemented($"The function '{node.Name}' is not supported.", "$filter"),
        };
        return new SqlExpr(result, kind);
    }

    /// <summary>Canonical functions the parser knows and this service does not translate: 501, never a
    /// misleading complaint about their arguments.</summary>
    private static readonly HashSet<string> NotSupportedFunctions = new(StringComparer.Ordinal)
    {
        "cast", "isof", "maxdatetime", "mindatetime", "matchespattern", "totaloffsetminutes", "totalseconds",
        "fractionalseconds", "hassubset", "hassubsequence", "geo.length", "case",
    };

    /// <summary>
    /// <c>substring(s, start[, length])</c> with a zero-based start. A negative start or length has no meaning the
    /// standard pins down (clients differ: some count from the end), so a literal one is answered 501 rather than
    /// guessed; a computed one that turns out negative gives null, which matches no comparison.
    /// </summary>
    private SqlExpr Substring(List<QueryNode> args)
    {
        foreach (var (argument, what) in args.Skip(1).Zip(new[] { "start", "length" }))
        {
            if (Unwrap(argument) is ConstantNode { Value: { } value } && System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) < 0)
                throw ODataRequestException.NotImplemented(
                    $"substring with a negative {what} is not supported: give a start of 0 or more (counted from the first character) and a length of 0 or more.",
                    "$filter");
        }
        var text = Translate(args[0]).Sql;
        var start = Translate(args[1]);
        var length = args.Count == 3 ? Translate(args[2]) : (SqlExpr?)null;
        var substring = sql.Substring(text, start.Sql, length?.Sql);
        // PostgreSQL's GREATEST ignores nulls, so a null start or length is caught here too: the result is null.
        var guards = new List<string>();
        if (!start.IsConstant || start.IsNull) guards.Add($"{start.Sql} IS NULL OR {start.Sql} < 0");
        if (length is { } computed && (!computed.IsConstant || computed.IsNull)) guards.Add($"{computed.Sql} IS NULL OR {computed.Sql} < 0");
        return new SqlExpr(guards.Count == 0 ? substring : $"(CASE WHEN {string.Join(" OR ", guards)} THEN NULL ELSE {substring} END)",
            EdmPrimitiveTypeKind.String);
    }

    private static void Expect(string name, List<QueryNode> args, int[] counts)
    {
        if (!counts.Contains(args.Count))
            throw ODataRequestException.BadRequest($"{name} takes {string.Join(" or ", counts)} arguments.", "$filter");
    }

    /// <summary>
    /// <c>geo.distance(p, point) lt|le d</c> (or the mirrored form) becomes an index-friendly
    /// radius predicate: a bounding-box prefilter on SQLite, ST_DWithin on PostGIS.
    /// </summary>
    private string? TryDistancePredicate(BinaryOperatorNode node)
    {
        var (distanceNode, limitNode, op) = (Unwrap(node.Left), Unwrap(node.Right), node.OperatorKind) switch
        {
            (SingleValueFunctionCallNode f, ConstantNode c, var k) when IsDistance(f) => (f, c, k),
            (ConstantNode c, SingleValueFunctionCallNode f, var k) when IsDistance(f) => (f, c, Mirror(k)),
            _ => (null, null, node.OperatorKind),
        };
        if (distanceNode is null || limitNode is null
            || op is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual)
            || ShapeProperty(distanceNode.Parameters.ToList()) is not null)
            return null;
        if (limitNode.Value is null) return sql.False;
        var metres = System.Convert.ToDouble(limitNode.Value, System.Globalization.CultureInfo.InvariantCulture);
        if (double.IsNaN(metres) || metres < 0) return sql.False;
        var (point, target) = PointAndFixedPoint(distanceNode.Parameters.ToList());
        return sql.WithinDistance(point, target.Latitude, target.Longitude, metres, op == BinaryOperatorKind.LessThanOrEqual, parameters);

        static bool IsDistance(SingleValueFunctionCallNode f) => string.Equals(f.Name, "geo.distance", StringComparison.OrdinalIgnoreCase);
        static BinaryOperatorKind Mirror(BinaryOperatorKind k) => k switch
        {
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            _ => k,
        };
    }

    private static QueryNode Unwrap(QueryNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    private (SqlPoint Point, GeographyPoint Target) PointAndFixedPoint(List<QueryNode> args)
    {
        Expect("geo.distance", args, [2]);
        var (propertyNode, constantNode) = (Unwrap(args[0]), Unwrap(args[1])) switch
        {
            (SingleValuePropertyAccessNode p, ConstantNode c) => (p, c),
            (ConstantNode c, SingleValuePropertyAccessNode p) => (p, c),
            _ => throw ODataRequestException.NotImplemented(
                "geo.distance is supported between a geography property and a point literal.", "$filter"),
        };
        if (constantNode.Value is not GeographyPoint target)
            throw ODataRequestException.BadRequest("geo.distance needs a geography'SRID=4326;POINT(lon lat)' literal.", "$filter");
        CheckWgs84(target.CoordinateSystem);
        return (PointOf(propertyNode), target);
    }

    private string Intersects(List<QueryNode> args)
    {
        Expect("geo.intersects", args, [2]);
        if (Unwrap(args[0]) is not SingleValuePropertyAccessNode propertyNode
            || Unwrap(args[1]) is not ConstantNode { Value: GeographyPolygon polygon })
            throw ODataRequestException.NotImplemented(
                "geo.intersects is supported between a geography property and a polygon literal.", "$filter");
        CheckWgs84(polygon.CoordinateSystem);
        var rings = polygon.Rings
            .Select(ring => (IReadOnlyList<(double, double)>)ring.Points.Select(p => (p.Longitude, p.Latitude)).ToList())
            .ToList();
        if (rings.Count == 0 || rings.Any(r => r.Count < 4))
            throw ODataRequestException.BadRequest("A polygon needs closed rings of at least four points.", "$filter");
        return sql.Intersects(PointOf(propertyNode), new SqlPolygon(rings), parameters);
    }

    /// <summary>The geometry field (lines, areas, any kind) a geo function is applied to, if it is one.</summary>
    private PropertyBinding? ShapeProperty(List<QueryNode> args) => args
        .Select(Unwrap).OfType<SingleValuePropertyAccessNode>().Select(p => set.Resolve(p.Property))
        .FirstOrDefault(p => p.Source == PropertySource.Column && p.Type == FieldType.Geometry);

    /// <summary>geo.length(shape), geo.distance(shape, literal) and geo.intersects(shape, literal) on a geometry field:
    /// ST_Length/ST_Distance/ST_Intersects on PostGIS geography, their geodesic equivalents on SQLite.</summary>
    private SqlExpr ShapeFunction(string name, PropertyBinding shape, List<QueryNode> args)
    {
        var column = SqlDialectSyntax.Quote(shape.Column);
        if (name == "geo.length")
        {
            Expect(name, args, [1]);
            return new SqlExpr(sql.ShapeLength(column), EdmPrimitiveTypeKind.Double);
        }
        Expect(name, args, [2]);
        if (args.Select(Unwrap).OfType<ConstantNode>().SingleOrDefault() is not { Value: Geography literal })
            throw ODataRequestException.NotImplemented(
                $"{name} is supported between a geography property and a geography literal, e.g. geography'SRID=4326;POLYGON((16.3 56.6,16.4 56.6,16.4 56.7,16.3 56.6))'.", "$filter");
        CheckWgs84(literal.CoordinateSystem);
        var (wkt, box) = LiteralWkt(literal);
        var parameter = parameters.Add(wkt);
        return name == "geo.distance"
            ? new SqlExpr(sql.ShapeDistance(column, parameter), EdmPrimitiveTypeKind.Double)
            : new SqlExpr(sql.ShapeIntersects(column, set.TableName, parameter, box, parameters), EdmPrimitiveTypeKind.Boolean);
    }

    /// <summary>A point, line or polygon literal as WKT (longitude before latitude), with its box.</summary>
    private static (string Wkt, (double MinLon, double MinLat, double MaxLon, double MaxLat) Box) LiteralWkt(Geography literal)
    {
        var positions = new List<GeographyPoint>();
        static string Ring(IEnumerable<GeographyPoint> points) =>
            "(" + string.Join(", ", points.Select(p => FormattableString.Invariant($"{p.Longitude:R} {p.Latitude:R}"))) + ")";
        string wkt;
        switch (literal)
        {
            case GeographyPoint point:
                positions.Add(point);
                wkt = "POINT " + Ring([point]);
                break;
            case GeographyLineString line when line.Points.Count >= 2:
                positions.AddRange(line.Points);
                wkt = "LINESTRING " + Ring(line.Points);
                break;
            case GeographyPolygon polygon when polygon.Rings.Count > 0 && polygon.Rings.All(r => r.Points.Count >= 4):
                positions.AddRange(polygon.Rings[0].Points);
                wkt = "POLYGON (" + string.Join(", ", polygon.Rings.Select(r => Ring(r.Points))) + ")";
                break;
            default:
                throw ODataRequestException.BadRequest("The geography literal must be a point, a line of two or more points, or a polygon of closed rings.", "$filter");
        }
        return (wkt, (positions.Min(p => p.Longitude), positions.Min(p => p.Latitude), positions.Max(p => p.Longitude), positions.Max(p => p.Latitude)));
    }

    private static void CheckWgs84(CoordinateSystem crs)
    {
        if (crs.EpsgId is not (4326 or null))
            throw ODataRequestException.BadRequest($"Only SRID=4326 (WGS84) geography literals are supported, not SRID={crs.EpsgId}.", "$filter");
    }

    private SqlPoint PointOf(SingleValuePropertyAccessNode node)
    {
        var property = set.Resolve(node.Property);
        return property.Source switch
        {
            PropertySource.Location => new SqlPoint(
                SqlDialectSyntax.Quote(property.LatitudeColumn), SqlDialectSyntax.Quote(property.LongitudeColumn), sql.Format.GeographyColumn),
            _ when property.Type == FieldType.GeoPoint => sql.PointFromText(SqlDialectSyntax.Quote(property.Column)),
            _ => throw ODataRequestException.BadRequest($"'{property.Name}' is not a geography property.", "$filter"),
        };
    }

    private string Search(QueryNode node) => node switch
    {
        SearchTermNode term => SearchTerm(term.Text),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and => $"({Search(and.Left)} AND {Search(and.Right)})",
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or => $"({Search(or.Left)} OR {Search(or.Right)})",
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => sql.NotTreatingUnknownAsFalse(Search(not.Operand)),
        _ => throw ODataRequestException.BadRequest("Unsupported $search expression.", "$search"),
    };

    /// <summary>A term matches when any text column contains it, ignoring case.</summary>
    private string SearchTerm(string text)
    {
        var columns = set.Properties.Where(p => p.Source == PropertySource.Column && p.Type == FieldType.String).ToList();
        if (columns.Count == 0) return sql.False;
        var term = parameters.Add(text.ToLowerInvariant());
        return "(" + string.Join(" OR ", columns.Select(c => sql.Contains(sql.ToLower(SqlDialectSyntax.Quote(c.Column)), term))) + ")";
    }
}
