using System.Globalization;
using System.Text;
using Microsoft.OData;
using Microsoft.OData.UriParser;
using Microsoft.OData.UriParser.Aggregation;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// <c>$apply</c> (OData Data Aggregation): any number of <c>filter(...)</c> steps, then at most one
/// <c>groupby((p1,p2)[,aggregate(...)])</c> or <c>aggregate(...)</c>, chained with <c>/</c>, translated to one
/// <c>SELECT ... WHERE ... GROUP BY</c>. Aggregates: <c>$count</c>, sum, average, min, max, countdistinct, each
/// <c>x with method as alias</c>. The result's rows are paged with <c>$top</c>/<c>$skip</c> and ordered by
/// <c>$orderby</c> over the result's names (then the groups, so the order is total). Everything else (a filter
/// after grouping, $compute, nested groupings, $filter/$select/$search/$count beside $apply) is 501.
/// </summary>
public sealed class ApplyQuery
{
    /// <summary>The result's columns in SELECT order: the grouping properties, then the aggregates (their
    /// <see cref="PropertyBinding.Name"/> is the alias; the type is the aggregate's).</summary>
    public required IReadOnlyList<PropertyBinding> Output { get; init; }

    public required string Sql { get; init; }
    public required SqlParameterList Parameters { get; init; }
    public required int PageSize { get; init; }
    public required long Skip { get; init; }
    public required long? Top { get; init; }

    /// <summary>The aliases (aggregates), whose types a client cannot learn from $metadata.</summary>
    public required IReadOnlySet<PropertyBinding> Dynamic { get; init; }

    private static readonly string[] NotBeside = ["$filter", "$select", "$search", "$count", "$skiptoken"];

    public static ApplyQuery Build(ODataServiceModel model, EntitySetBinding set, QueryOptions options, ODataServiceOptions limits,
        SqlDialectSyntax sql, DateTimeOffset now, int pageSize)
    {
        foreach (var option in NotBeside)
            if (options[option] is not null)
                throw ODataRequestException.NotImplemented(
                    $"{option} together with $apply is not supported: put the condition in $apply as filter(...) before the grouping.", option);
        FilterComplexity.GuardText(options["$apply"], limits.MaxFilterNodes, "$apply");

        var values = options.Values.Where(kv => kv.Key is "$apply" or "$top" or "$skip" || kv.Key.StartsWith('@'))
            .ToDictionary(kv => kv.Key, kv => kv.Key is "$apply" || kv.Key.StartsWith('@') ? FilterText.Normalise(kv.Value) : kv.Value);
        var parser = new ODataQueryOptionParser(model.Model, set.EntityType, set.EntitySet, values)
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true, EnableNoDollarQueryOptions = true },
        };
        ApplyClause apply;
        long? top, skip;
        try
        {
            apply = parser.ParseApply();
            top = parser.ParseTop();
            skip = parser.ParseSkip();
        }
        catch (ODataException e)
        {
            throw ODataRequestException.BadRequest($"Invalid $apply: {e.Message}", "$apply");
        }
        if (top > limits.MaxTop)
            throw ODataRequestException.BadRequest($"$top may be at most {limits.MaxTop}; follow @odata.nextLink for more rows.", "$top");
        var aliases = parser.ParameterAliasNodes ?? new Dictionary<string, SingleValueNode?>();

        var parameters = new SqlParameterList();
        var translator = new SqlFilterTranslator(set, sql, parameters, now, aliases);
        var conditions = new List<string>();
        var groups = new List<PropertyBinding>();
        var aggregates = new List<(PropertyBinding Output, string Sql)>();
        var grouped = false;
        foreach (var step in apply.Transformations)
        {
            if (grouped)
                throw ODataRequestException.NotImplemented("$apply supports filter(...) steps before the grouping or aggregation only.", "$apply");
            switch (step)
            {
                case FilterTransformationNode filter:
                    if (FilterComplexity.Count(filter.FilterClause.Expression, aliases) > limits.MaxFilterNodes
                        || FilterComplexity.Depth(filter.FilterClause.Expression, aliases) > limits.MaxFilterDepth)
                        throw ODataRequestException.BadRequest("The filter in $apply is too complex.", "$apply");
                    conditions.Add(translator.TranslateFilter(filter.FilterClause));
                    break;
                case GroupByTransformationNode groupBy:
                    foreach (var property in groupBy.GroupingProperties)
                    {
                        if (property.ChildTransformations is { Count: > 0 } || property.Expression is null || Unwrap(property.Expression) is not SingleValuePropertyAccessNode access)
                            throw ODataRequestException.NotImplemented("groupby supports properties of the entity set only.", "$apply");
                        var binding = set.Resolve(access.Property);
                        if (binding.IsGeography)
                            throw ODataRequestException.BadRequest($"'{binding.Name}' is a geography property and cannot be grouped by.", "$apply");
                        if (!groups.Contains(binding)) groups.Add(binding);
                    }
                    switch (groupBy.ChildTransformations)
                    {
                        case null: break;
                        case AggregateTransformationNode aggregate: aggregates.AddRange(Aggregates(set, sql, aggregate, aggregates.Count)); break;
                        default: throw ODataRequestException.NotImplemented("groupby supports aggregate(...) inside it only.", "$apply");
                    }
                    grouped = true;
                    break;
                case AggregateTransformationNode aggregate:
                    aggregates.AddRange(Aggregates(set, sql, aggregate, 0));
                    grouped = true;
                    break;
                default:
                    throw ODataRequestException.NotImplemented(
                        $"The $apply transformation '{step.Kind}' is not supported; use filter, groupby and aggregate.", "$apply");
            }
        }
        if (!grouped)
            throw ODataRequestException.NotImplemented("$apply with filter(...) only is not supported: end it with groupby(...) or aggregate(...), or use $filter.", "$apply");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in groups.Select(g => g.Name).Concat(aggregates.Select(a => a.Output.Name)))
            if (!names.Add(name))
                throw ODataRequestException.BadRequest($"The name '{name}' is used twice in $apply.", "$apply");

        var output = groups.Concat(aggregates.Select(a => a.Output)).ToList();
        var order = OrderBy(options["$orderby"], output, groups, sql);
        var remaining = top is { } t ? Math.Min(t, pageSize) : pageSize;
        var text = new StringBuilder("SELECT ")
            .AppendJoin(", ", groups.Select(g => SqlDialectSyntax.Quote(g.Column)).Concat(aggregates.Select(a => a.Sql)))
            .Append(" FROM ").Append(SqlDialectSyntax.Quote(set.TableName));
        if (conditions.Count > 0) text.Append(" WHERE ").AppendJoin(" AND ", conditions);
        if (groups.Count > 0) text.Append(" GROUP BY ").AppendJoin(", ", groups.Select(g => SqlDialectSyntax.Quote(g.Column)));
        if (order.Count > 0) text.Append(" ORDER BY ").AppendJoin(", ", order);
        text.Append(" LIMIT ").Append(parameters.Add(remaining + 1));
        if (skip is > 0) text.Append(" OFFSET ").Append(parameters.Add(skip.Value));

        return new ApplyQuery
        {
            Output = output, Sql = text.ToString(), Parameters = parameters, PageSize = (int)remaining, Skip = skip ?? 0, Top = top,
            Dynamic = aggregates.Select(a => a.Output).ToHashSet(),
        };
    }

    private static QueryNode Unwrap(QueryNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    private static IEnumerable<(PropertyBinding Output, string Sql)> Aggregates(EntitySetBinding set, SqlDialectSyntax sql,
        AggregateTransformationNode node, int first)
    {
        var index = first;
        foreach (var expression in node.AggregateExpressions)
        {
            if (expression is not AggregateExpression aggregate)
                throw ODataRequestException.NotImplemented("Aggregating over navigation properties is not supported (there are none).", "$apply");
            var column = $"a{index++}"; // the SQL never sees the client's alias
            if (aggregate.Method == AggregationMethod.VirtualPropertyCount)
            {
                yield return (Result(aggregate.Alias, FieldType.Integer, column), $"COUNT(*) AS {SqlDialectSyntax.Quote(column)}");
                continue;
            }
            if (Unwrap(aggregate.Expression) is not SingleValuePropertyAccessNode access)
                throw ODataRequestException.NotImplemented("aggregate supports properties (e.g. djup with sum as total) and $count only.", "$apply");
            var property = set.Resolve(access.Property);
            if (property.IsGeography)
                throw ODataRequestException.BadRequest($"'{property.Name}' is a geography property and cannot be aggregated.", "$apply");
            var value = SqlDialectSyntax.Quote(property.Column);
            var numeric = property.Type is FieldType.Integer or FieldType.Number or FieldType.Year or FieldType.Decimal;
            var (type, text) = aggregate.Method switch
            {
                // Sums and averages of exact decimals stay exact decimals.
                AggregationMethod.Sum when property.Type == FieldType.Decimal => (FieldType.Decimal, sql.SumOfDecimals(value)),
                AggregationMethod.Average when property.Type == FieldType.Decimal => (FieldType.Decimal, sql.AverageOfDecimals(value)),
                AggregationMethod.Sum when numeric => property.Type == FieldType.Number
                    ? (FieldType.Number, sql.SumOfReals(value))
                    : (FieldType.Integer, sql.SumOfIntegers(value)),
                AggregationMethod.Average when numeric => (FieldType.Number, sql.Average(value)),
                AggregationMethod.Min or AggregationMethod.Max when property.Type != FieldType.Boolean =>
                    (property.Type, $"{(aggregate.Method == AggregationMethod.Min ? "MIN" : "MAX")}({value})"),
                AggregationMethod.CountDistinct => (FieldType.Integer, $"COUNT(DISTINCT {value})"),
                AggregationMethod.Custom => throw ODataRequestException.NotImplemented(
                    $"The aggregation method '{aggregate.MethodDefinition?.MethodLabel}' is not supported; use sum, average, min, max or countdistinct.", "$apply"),
                _ => throw ODataRequestException.BadRequest(
                    $"'{aggregate.Method.ToString().ToLowerInvariant()}' does not apply to '{property.Name}' ({property.Type}).", "$apply"),
            };
            yield return (Result(aggregate.Alias, type, column), $"{text} AS {SqlDialectSyntax.Quote(column)}");
        }
    }

    private static PropertyBinding Result(string alias, FieldType type, string column) =>
        new() { Name = alias, Source = PropertySource.Column, Type = type, Column = column, Nullable = true };

    /// <summary><c>$orderby</c> over the result's names (<c>total desc,kommun</c>), then the groups for a total order.</summary>
    private static List<string> OrderBy(string? text, IReadOnlyList<PropertyBinding> output, IReadOnlyList<PropertyBinding> groups, SqlDialectSyntax sql)
    {
        var terms = new List<string>();
        var used = new HashSet<PropertyBinding>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
            {
                var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var descending = parts.Length == 2 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
                if (parts.Length is 0 or > 2 || parts.Length == 2 && !descending && !parts[1].Equals("asc", StringComparison.OrdinalIgnoreCase))
                    throw ODataRequestException.BadRequest($"Invalid $orderby term '{item}': give a name of the $apply result, then asc or desc.", "$orderby");
                var property = output.FirstOrDefault(p => p.Name.Equals(parts[0], StringComparison.OrdinalIgnoreCase))
                    ?? throw ODataRequestException.BadRequest(
                        $"'{parts[0]}' is not part of the $apply result; sort by one of: {string.Join(", ", output.Select(p => p.Name))}.", "$orderby");
                if (!used.Add(property)) continue;
                terms.Add(sql.OrderTerm(SqlDialectSyntax.Quote(property.Column), descending, nullable: true));
            }
        }
        foreach (var group in groups.Where(used.Add))
            terms.Add(sql.OrderTerm(SqlDialectSyntax.Quote(group.Column), false, group.Nullable));
        return terms;
    }

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
