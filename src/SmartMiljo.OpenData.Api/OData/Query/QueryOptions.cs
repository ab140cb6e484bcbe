using Microsoft.AspNetCore.Http;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// The query options of a request, with names normalised the OData 4.01 way: the <c>$</c> is
/// optional and names are case-insensitive, so <c>FILTER=</c>, <c>filter=</c> and <c>$filter=</c>
/// mean the same. Unknown <c>$</c> options are refused; unknown custom options are ignored.
/// </summary>
public sealed class QueryOptions
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "filter", "select", "orderby", "top", "skip", "count", "search", "skiptoken", "format", "apply",
    };

    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "expand", "compute", "index", "deltatoken", "levels", "schemaversion", "id",
    };

    /// <summary>System options keyed <c>$name</c>, plus parameter aliases (<c>@name</c>).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    private QueryOptions(Dictionary<string, string> values) => Values = values;

    public string? this[string dollarName] => Values.TryGetValue(dollarName, out var v) ? v : null;

    public static QueryOptions From(IQueryCollection query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValues) in query)
        {
            var key = Normalise(rawName);
            if (key is null) continue;
            if (rawValues.Count > 1 || values.ContainsKey(key))
                throw ODataRequestException.BadRequest($"The query option '{key}' is given more than once.", key);
            values[key] = rawValues.ToString();
        }
        return new QueryOptions(values);
    }

    private static string? Normalise(string rawName)
    {
        if (rawName.StartsWith('@')) return rawName; // parameter alias, resolved by the URI parser
        var hasDollar = rawName.StartsWith('$');
        var name = (hasDollar ? rawName[1..] : rawName).ToLowerInvariant();
        if (Supported.Contains(name)) return "$" + name;
        if (Unsupported.Contains(name))
            throw ODataRequestException.NotImplemented($"The query option '${name}' is not supported by this service.", "$" + name);
        if (hasDollar)
            throw ODataRequestException.BadRequest($"Unknown system query option '{rawName}'.", rawName);
        return null; // a custom query option: allowed, and meaningless to us
    }

    /// <summary>The options for a next page: the request's, minus the paging state we replace.</summary>
    public IEnumerable<KeyValuePair<string, string>> WithoutPaging() =>
        Values.Where(kv => kv.Key is not ("$skip" or "$top" or "$skiptoken"));
}
