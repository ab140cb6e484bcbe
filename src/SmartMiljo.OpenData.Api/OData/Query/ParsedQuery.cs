using System.Globalization;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using SmartMiljo.OpenData.Api.OData.Model;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>A collection request's query options, parsed against the EDM model by Microsoft.OData.Core.</summary>
public sealed class ParsedQuery
{
    public FilterClause? Filter { get; private init; }
    public SearchClause? Search { get; private init; }
    public IReadOnlyList<SortKey> OrderBy { get; private init; } = [];
    public IReadOnlyList<PropertyBinding>? Select { get; private init; }
    public long? Top { get; private init; }
    public long? Skip { get; private init; }
    public bool Count { get; private init; }
    public string? SkipToken { get; private init; }

    /// <summary>Parameter aliases (<c>@name</c>) used in <c>$filter</c>, with the expressions they stand for
    /// (null where the query gives none).</summary>
    public IDictionary<string, SingleValueNode?> Aliases { get; private init; } = new Dictionary<string, SingleValueNode?>();

    public bool HasCondition => Filter is not null || Search is not null;

    private const int CacheCapacity = 1024;

    /// <summary>Parses the options, reusing an earlier parse of the same text (the skip token aside).</summary>
    public static ParsedQuery Parse(ODataServiceModel model, EntitySetBinding set, QueryOptions options, ODataServiceOptions limits)
    {
        var key = set.Name + "?" + string.Join('&', options.Values.Where(kv => kv.Key != "$skiptoken")
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
        if (model.ParsedQueries.TryGetValue(key, out var cached))
            return ((ParsedQuery)cached).WithSkipToken(options["$skiptoken"]);
        var parsed = ParseUncached(model, set, options, limits);
        if (model.ParsedQueries.Count >= CacheCapacity) model.ParsedQueries.Clear();
        model.ParsedQueries[key] = parsed;
        return parsed;
    }

    private ParsedQuery WithSkipToken(string? token) => new()
    {
        Filter = Filter, Search = Search, OrderBy = OrderBy, Select = Select, Top = Top, Skip = Skip, Count = Count, SkipToken = token,
        Aliases = Aliases,
    };

    private static ParsedQuery ParseUncached(ODataServiceModel model, EntitySetBinding set, QueryOptions options, ODataServiceOptions limits)
    {
        FilterComplexity.GuardText(options["$filter"], limits.MaxFilterNodes, "$filter");
        FilterComplexity.GuardText(options["$search"], limits.MaxFilterNodes, "$search");
        foreach (var (name, value) in options.Values.Where(kv => kv.Key.StartsWith('@')))
            FilterComplexity.GuardText(value, limits.MaxFilterNodes, name);

        GeographyFunctionSignatures.EnsureRegistered();
        // $filter and alias values may use 4.01 spellings the parser does not read (IN, divby).
        var values = options.Values.ToDictionary(kv => kv.Key,
            kv => kv.Key == "$filter" || kv.Key.StartsWith('@') ? FilterText.Normalise(kv.Value) : kv.Value);
        var parser = new ODataQueryOptionParser(model.Model, set.EntityType, set.EntitySet, values)
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true, EnableNoDollarQueryOptions = true },
        };
        parser.Settings.MaximumExpansionDepth = 0;

        var filter = Guarded(() => parser.ParseFilter(), "$filter", limits);
        var search = Guarded(() => parser.ParseSearch(), "$search", limits);
        var aliases = parser.ParameterAliasNodes ?? new Dictionary<string, SingleValueNode?>();
        var nodes = (filter is null ? 0 : FilterComplexity.Count(filter.Expression, aliases))
            + (search is null ? 0 : FilterComplexity.Count(search.Expression));
        if (nodes > limits.MaxFilterNodes)
            throw ODataRequestException.BadRequest(
                $"$filter and $search have {nodes} terms together; at most {limits.MaxFilterNodes} are allowed.", "$filter");
        foreach (var (clause, option) in new[] { (filter?.Expression, "$filter"), (search?.Expression, "$search") })
        {
            if (clause is not null && FilterComplexity.Depth(clause, aliases) > limits.MaxFilterDepth)
                throw TooDeep(option, limits);
        }

        var top = Guarded(() => parser.ParseTop(), "$top");
        if (top > limits.MaxTop)
            throw ODataRequestException.BadRequest($"$top may be at most {limits.MaxTop}; follow @odata.nextLink for more rows.", "$top");
        var skip = Guarded(() => parser.ParseSkip(), "$skip");
        if (skip > limits.MaxSkip)
            throw ODataRequestException.BadRequest(
                $"$skip may be at most {limits.MaxSkip}; page through large results with @odata.nextLink or narrow them with $filter.", "$skip");

        return new ParsedQuery
        {
            Filter = filter,
            Search = search,
            OrderBy = Guarded(() => SortKeys(set, parser.ParseOrderBy(), limits.MaxOrderByKeys), "$orderby"),
            Select = Guarded(() => Selection(set, parser.ParseSelectAndExpand()), "$select"),
            Top = top,
            Skip = skip,
            Count = Guarded(() => parser.ParseCount(), "$count") ?? false,
            SkipToken = options["$skiptoken"],
            Aliases = aliases,
        };
    }

    /// <summary>Runs a parser step, turning the library's errors into 400s naming the option.</summary>
    private static T Guarded<T>(Func<T> parse, string option, ODataServiceOptions? limits = null)
    {
        try
        {
            return parse();
        }
        catch (ODataException e) when (limits is not null && e.Message.Contains("recursion", StringComparison.OrdinalIgnoreCase))
        {
            // The parser's own depth guard: the same answer as ours, not the library's wording.
            throw TooDeep(option, limits);
        }
        catch (Exception e) when (e is ODataException or FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            throw ODataRequestException.BadRequest($"Invalid {option}: {e.Message}", option);
        }
    }

    private static ODataRequestException TooDeep(string option, ODataServiceOptions limits) => ODataRequestException.BadRequest(
        $"{option} is nested too deeply: at most {limits.MaxFilterDepth} levels of operators, functions and parentheses are allowed.", option);

    /// <summary>Stands for a computed distance in sort keys and keyset tokens.</summary>
    private static readonly PropertyBinding DistanceProperty = new()
    {
        Name = "geo.distance", Source = PropertySource.Column, Type = Core.Schemas.FieldType.Number, Nullable = true,
    };

    private static IReadOnlyList<SortKey> SortKeys(EntitySetBinding set, OrderByClause? clause, int maxKeys)
    {
        var keys = new List<SortKey>();
        for (var item = clause; item is not null; item = item.ThenBy)
        {
            var expression = item.Expression is ConvertNode convert ? convert.Source : item.Expression;
            if (expression is SingleValueFunctionCallNode { Name: var function } distance
                && string.Equals(function, "geo.distance", StringComparison.OrdinalIgnoreCase))
            {
                // Nearest first: the distance is computed in SQL and ends up in the keyset token like a column.
                keys.Add(new SortKey(DistanceProperty, item.Direction == OrderByDirection.Descending, distance));
                continue;
            }
            if (expression is not SingleValuePropertyAccessNode access)
                throw ODataRequestException.NotImplemented("$orderby supports properties and geo.distance(...) only, not other expressions.", "$orderby");
            var property = set.Resolve(access.Property);
            if (property.IsGeography)
                throw ODataRequestException.BadRequest($"'{property.Name}' is a geography property and cannot be sorted on.", "$orderby");
            if (keys.Any(k => k.Property == property)) continue; // a repeated key changes nothing
            keys.Add(new SortKey(property, item.Direction == OrderByDirection.Descending));
        }
        if (keys.Count > maxKeys)
            throw ODataRequestException.BadRequest($"$orderby may have at most {maxKeys} keys.", "$orderby");
        return keys;
    }

    private static IReadOnlyList<PropertyBinding>? Selection(EntitySetBinding set, SelectExpandClause? clause)
    {
        if (clause is null || clause.AllSelected) return null;
        var selected = new HashSet<PropertyBinding>();
        foreach (var item in clause.SelectedItems)
        {
            switch (item)
            {
                case WildcardSelectItem:
                    return null;
                case PathSelectItem { SelectedPath.LastSegment: PropertySegment segment } when segment.Property is IEdmStructuralProperty:
                    selected.Add(set.Resolve(segment.Property));
                    break;
                default:
                    throw ODataRequestException.NotImplemented("$select supports property names and '*' only.", "$select");
            }
        }
        // Declaration order, so the response does not depend on how $select was spelled.
        return set.Properties.Where(selected.Contains).ToList();
    }

    public static string FormatLimit(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One key of the sort order: a property, or a <c>geo.distance(...)</c> (<see cref="Distance"/>) whose
/// <see cref="Property"/> only describes its value (a nullable number).</summary>
public sealed record SortKey(PropertyBinding Property, bool Descending, SingleValueFunctionCallNode? Distance = null);
