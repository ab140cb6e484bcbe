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

    /// <summary>An index name unique per table and within PostgreSQL's 63-character limit.</summary>
    public static string IndexName(string tableName, int ordinal) => $"ix_{tableName}_{ordinal}";
}
