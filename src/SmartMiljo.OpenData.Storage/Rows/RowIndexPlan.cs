using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// Which columns of a row table get a b-tree index. Chosen from the specification: the keys, unique
/// columns, and the columns people filter on (coded lists and Swedish codes such as kommunkod). Capped,
/// because every index slows the load and most columns are only ever read.
/// </summary>
public static class RowIndexPlan
{
    public const int MaxIndexes = 6;

    private static readonly HashSet<string> FilterFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "kommunkod", "lanskod", "länskod", "organisationsnummer",
    };

    public static IReadOnlyList<string> Columns(TableLayout layout)
    {
        var schema = layout.Schema;
        var columns = new List<string>();
        void Add(string column) { if (columns.Count < MaxIndexes && !columns.Contains(column)) columns.Add(column); }

        foreach (var key in schema.PrimaryKey) Add(layout.ColumnOf(key));
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            if (field.Constraints.Unique
                || field.Constraints.Enum is { Count: > 0 }
                || (field.Format is not null && FilterFormats.Contains(field.Format)))
                Add(layout.ColumnNames[i]);
        }
        return columns;
    }

    /// <summary>
    /// The key of the index on <paramref name="column"/> (one of <see cref="Columns"/>). A column whose values
    /// repeat gets <c>_row</c> as its second key: every OData page is sorted by <c>_row</c> last, so
    /// <c>column = @v ORDER BY _row LIMIT n</c> (and its next pages) read n entries straight from the index
    /// instead of sorting every match or walking the primary key past the non-matching rows. SQLite appends
    /// the rowid (<c>_row</c>) to every index entry by itself, so it only needs the column.
    /// </summary>
    public static IReadOnlyList<string> KeyOf(TableLayout layout, string column)
    {
        var schema = layout.Schema;
        var ordinal = layout.IndexOfColumn(column);
        if (ordinal < 0) throw new ArgumentException($"'{column}' is not a column of this table.", nameof(column));
        var field = schema.Fields[ordinal];
        var unique = field.Constraints.Unique || schema.PrimaryKey is [var key] && key == field.Name;
        return unique ? [column] : [column, RowTableFormat.RowNumberColumnName];
    }

    /// <summary>An index name unique per table and within PostgreSQL's 63-character limit.</summary>
    public static string IndexName(string tableName, int ordinal) => $"ix_{tableName}_{ordinal}";
}
