namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// A query's literal parameters (polygons, geometries) parsed once per text for the SQLite functions that take them:
/// such a function runs once per candidate row with the same literal. One instance per registration, that is per
/// prepared query on one connection (never shared between threads), so no state outlives the query; bounded all the
/// same, since a query can name many literals.
/// </summary>
internal sealed class QueryLiterals<T>(Func<string, T> parse)
{
    private const int Capacity = 256;
    private readonly Dictionary<string, T> _parsed = new(StringComparer.Ordinal);

    public T Get(string text)
    {
        if (_parsed.TryGetValue(text, out var value)) return value;
        if (_parsed.Count >= Capacity) _parsed.Clear();
        return _parsed[text] = parse(text);
    }
}
