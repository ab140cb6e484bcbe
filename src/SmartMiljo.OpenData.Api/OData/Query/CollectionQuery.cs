using System.Text;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// The SQL for one page of an entity set request, and for its count. Rows are ordered by the
/// requested keys plus the unique <c>_row</c> (a total order), and one row more than the page is fetched
/// to learn whether a next page exists.
/// </summary>
public sealed class CollectionQuery
{
    public required string RowsSql { get; init; }
    public required SqlParameterList RowsParameters { get; init; }
    public string? CountSql { get; init; }
    public SqlParameterList? CountParameters { get; init; }
    public required IReadOnlyList<PropertyBinding> Output { get; init; }
    public required IReadOnlyList<SortKey> SortKeys { get; init; }

    /// <summary>Ordinal of the first sort-key column; output columns come before it.</summary>
    public required int SortKeyOrdinal { get; init; }

    /// <summary>Ordinal of the first key column (full metadata only: entity ids), else -1.</summary>
    public int KeyOrdinal { get; init; } = -1;

    /// <summary>Rows to send on this page.</summary>
    public required int PageSize { get; init; }

    public static CollectionQuery Build(EntitySetBinding set, ParsedQuery query, SqlDialectSyntax sql, DateTimeOffset now, int pageSize, bool withCount, bool withKeys = false)
    {
        var where = new SqlParameterList();
        var conditions = new List<string>();
        var translator = new SqlFilterTranslator(set, sql, where, now, query.Aliases);
        if (query.Filter is not null) conditions.Add(translator.TranslateFilter(query.Filter));
        if (query.Search is not null) conditions.Add(translator.TranslateSearch(query.Search));

        var table = SqlDialectSyntax.Quote(set.TableName);
        string? countSql = null;
        if (withCount)
            countSql = $"SELECT COUNT(*) FROM {table}" + WhereClause(conditions);
        var countParameters = where.Clone();

        var sortKeys = TotalOrder(set, query.OrderBy);
        var rowsParameters = where;
        // Computed keys (geo.distance) are translated once, after the count's parameters were taken.
        var expressions = sortKeys.ToDictionary(k => k, k => k.Distance is null
            ? SqlDialectSyntax.Quote(k.Property.Column)
            : translator.TranslateValue(k.Distance));
        if (query.SkipToken is not null)
            conditions.Add(KeysetCondition(sortKeys, KeysetToken.Decode(query.SkipToken, sortKeys, sql), sql, rowsParameters, expressions));

        var remaining = query.Top is { } top ? Math.Min(top, pageSize) : pageSize;
        var output = query.Select ?? set.Properties;
        var keyColumns = withKeys ? set.Key.Select(k => k.Column) : [];
        var columns = output.SelectMany(p => p.SelectColumns).Select(SqlDialectSyntax.Quote)
            .Concat(sortKeys.Select(k => expressions[k])).Concat(keyColumns.Select(SqlDialectSyntax.Quote));
        var rows = new StringBuilder()
            .Append("SELECT ").AppendJoin(", ", columns)
            .Append(" FROM ").Append(table)
            .Append(WhereClause(conditions))
            .Append(" ORDER BY ").AppendJoin(", ", sortKeys.Select(k => sql.OrderTerm(expressions[k], k.Descending, k.Property.Nullable)))
            .Append(" LIMIT ").Append(rowsParameters.Add(remaining + 1));
        // A client's $skip is an OFFSET, but only on the first page: next links carry a keyset token instead.
        if (query.Skip is > 0 && query.SkipToken is null)
            rows.Append(" OFFSET ").Append(rowsParameters.Add(query.Skip.Value));

        return new CollectionQuery
        {
            RowsSql = rows.ToString(), RowsParameters = rowsParameters,
            CountSql = countSql, CountParameters = countSql is null ? null : countParameters,
            Output = output, SortKeys = sortKeys,
            SortKeyOrdinal = output.Sum(p => p.SelectColumns.Count()),
            KeyOrdinal = withKeys ? output.Sum(p => p.SelectColumns.Count()) + sortKeys.Count : -1,
            PageSize = (int)remaining,
        };
    }

    /// <summary>The requested keys up to <c>_row</c> (unique, so later keys cannot matter), ending with it.</summary>
    private static List<SortKey> TotalOrder(EntitySetBinding set, IReadOnlyList<SortKey> requested)
    {
        var keys = new List<SortKey>();
        foreach (var key in requested)
        {
            keys.Add(key);
            if (key.Property == set.RowNumber) return keys;
        }
        keys.Add(new SortKey(set.RowNumber, false));
        return keys;
    }

    /// <summary>The count of the rows matching $filter/$search, ignoring paging.</summary>
    public static (string Sql, SqlParameterList Parameters) BuildCount(EntitySetBinding set, ParsedQuery query, SqlDialectSyntax sql, DateTimeOffset now)
    {
        var parameters = new SqlParameterList();
        var conditions = new List<string>();
        var translator = new SqlFilterTranslator(set, sql, parameters, now, query.Aliases);
        if (query.Filter is not null) conditions.Add(translator.TranslateFilter(query.Filter));
        if (query.Search is not null) conditions.Add(translator.TranslateSearch(query.Search));
        return ($"SELECT COUNT(*) FROM {SqlDialectSyntax.Quote(set.TableName)}" + WhereClause(conditions), parameters);
    }

    private static string WhereClause(List<string> conditions) =>
        conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);

    /// <summary>
    /// Rows strictly after the last row sent, in the sort order with OData's null placement (nulls
    /// first ascending, last descending): (k1 after v1) or (k1 = v1 and k2 after v2) or ...
    /// </summary>
    public static string KeysetCondition(IReadOnlyList<SortKey> keys, object?[] last, SqlDialectSyntax sql, SqlParameterList parameters,
        IReadOnlyDictionary<SortKey, string>? expressions = null)
    {
        string Column(SortKey key) => expressions?[key] ?? SqlDialectSyntax.Quote(key.Property.Column);
        if (keys.All(k => !k.Descending && !k.Property.Nullable))
        {
            // All ascending and non-null: a row-value comparison, which both databases answer from the index.
            var columns = string.Join(", ", keys.Select(Column));
            var values = string.Join(", ", last.Select(parameters.Add));
            return keys.Count == 1 ? $"({columns} > {values})" : $"(({columns}) > ({values}))";
        }

        var alternatives = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var terms = new List<string>();
            for (var j = 0; j < i; j++)
            {
                var column = Column(keys[j]);
                terms.Add(last[j] is null ? $"{column} IS NULL" : $"{column} = {parameters.Add(last[j])}");
            }
            var after = After(keys[i], Column(keys[i]), last[i], parameters);
            if (after is null) continue;
            terms.Add(after);
            alternatives.Add("(" + string.Join(" AND ", terms) + ")");
        }
        return alternatives.Count == 0 ? sql.False : "(" + string.Join(" OR ", alternatives) + ")";
    }

    private static string? After(SortKey key, string column, object? value, SqlParameterList parameters)
    {
        return (key.Descending, value) switch
        {
            (false, null) => $"{column} IS NOT NULL",
            (false, _) => $"{column} > {parameters.Add(value)}",
            (true, null) => null, // nulls come last descending: nothing sorts after a null
            (true, _) => $"({column} < {parameters.Add(value)} OR {column} IS NULL)",
        };
    }
}
