using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// The statements that carry a previous version's rows into an accumulating load (<see cref="RowAccumulation"/>),
/// the same on both databases. The new rows are numbered after the previous table's last row, so every carried
/// row keeps its number and no two rows share one; a row's key decides whether it is carried.
/// </summary>
internal sealed class RowAccumulationSql(RowAccumulation accumulation, string target, IReadOnlyList<string> columns)
{
    private readonly string _previous = SqlIdentifiers.Quote(accumulation.PreviousTable);
    private readonly string _target = SqlIdentifiers.Quote(target);
    private readonly string _columns = string.Join(", ", columns.Select(SqlIdentifiers.Quote));

    public bool UpdateExisting => accumulation.UpdateExisting;

    /// <summary>The previous table's last row number: the new rows are numbered after it.</summary>
    public string LastRowNumber => $"SELECT COALESCE(MAX({SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)}), 0) FROM {_previous}";

    public string PreviousRowCount => $"SELECT COUNT(*) FROM {_previous}";

    /// <summary>The new rows whose key the previous table has (they lose to the previous rows when those are kept).
    /// A join, so the planner may walk the previous table and probe the load's key index.</summary>
    public string NewRowsWithKnownKeys =>
        $"SELECT n.{SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)} FROM {_previous} p JOIN {_target} n ON {Match("n", "p")}";

    /// <summary>Keep mode: the new rows whose key the previous table already has go; the previous row stays.</summary>
    public string DeleteNewRowsWithKnownKeys =>
        $"DELETE FROM {_target} WHERE {SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)} IN ({NewRowsWithKnownKeys})";

    /// <summary>Copies the previous rows, in update mode only those whose key the new load does not bring.</summary>
    public string CarryOver => $"INSERT INTO {_target} ({_columns}) SELECT {_columns} FROM {_previous} p"
        + (accumulation.UpdateExisting ? $" WHERE NOT EXISTS (SELECT 1 FROM {_target} n WHERE {Match("n", "p")})" : "");

    /// <summary>An index of the load's table on the whole key.</summary>
    public string KeyIndex(string name) =>
        $"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(name)} ON {_target} ({string.Join(", ", accumulation.KeyColumns.Select(SqlIdentifiers.Quote))})";

    private string Match(string left, string right) => string.Join(" AND ",
        accumulation.KeyColumns.Select(SqlIdentifiers.Quote).Select(k => $"{left}.{k} = {right}.{k}"));
}
