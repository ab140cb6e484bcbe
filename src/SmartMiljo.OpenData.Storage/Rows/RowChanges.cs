using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// A version's changes against the version before it, found by one statement over both tables in the database (a
/// full outer join) and kept in the version's changes table (<see cref="RowTableFormat.ChangesTableOf"/>), the same
/// SQL on both databases but for the dialects' comparisons. With a key the join is on the key and a matched row whose
/// compared values differ is changed; without one, rows are matched on their content (the n-th copy of a row with
/// the n-th copy), so duplicates count as often as they occur.
/// </summary>
public sealed class RowChanges(RowDatabase database) : IRowChanges
{
    private const string Added = "added", Removed = "removed", Changed = "changed";

    private RowTableFormat Format => (RowTableFormat)database.Format;

    public async Task<RowChangeCounts> CompareAsync(string previousTable, TableLayout previous, string nextTable, TableLayout next,
        CancellationToken cancellationToken = default)
    {
        var plan = new ComparisonPlan(previous, next);
        var changes = SqlIdentifiers.Quote(RowTableFormat.ChangesTableOf(nextTable));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One transaction: the changes table is there whole or not at all (a failure rolls it back).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (Format.ComparisonSettingsSql is { } settings) await ExecuteAsync(connection, transaction, settings, cancellationToken);
        await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {changes}; {CreateTable(changes, next)}", cancellationToken);
        var insert = plan.ByKey
            ? KeyedInsert(changes, SqlIdentifiers.Quote(previousTable), SqlIdentifiers.Quote(nextTable), plan)
            : ContentInsert(changes, SqlIdentifiers.Quote(previousTable), SqlIdentifiers.Quote(nextTable), plan);
        await ExecuteAsync(connection, transaction, insert, cancellationToken);
        long added = 0, removed = 0, changed = 0;
        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = $"SELECT {SqlIdentifiers.Quote(RowTableFormat.ChangeColumnName)}, COUNT(*) FROM {changes} GROUP BY {SqlIdentifiers.Quote(RowTableFormat.ChangeColumnName)}";
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var n = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                switch (reader.GetString(0))
                {
                    case Added: added = n; break;
                    case Removed: removed = n; break;
                    default: changed = n; break;
                }
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new RowChangeCounts(added, removed, changed, plan.ByKey);
    }

    public async IAsyncEnumerable<RowChange> ReadChangesAsync(string tableName, TableLayout layout,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var change = SqlIdentifiers.Quote(RowTableFormat.ChangeColumnName);
        var row = SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {row}, {change}, {SqlIdentifiers.Quote(RowTableFormat.ChangedColumnsColumnName)}"
            + string.Concat(layout.ColumnNames.Select(c => ", " + SqlIdentifiers.Quote(c)))
            + $" FROM {SqlIdentifiers.Quote(RowTableFormat.ChangesTableOf(tableName))}"
            + $" ORDER BY CASE WHEN {change} = '{Removed}' THEN 1 ELSE 0 END, {row}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fields = layout.Schema.Fields;
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetString(1) switch { Added => RowChangeKind.Added, Removed => RowChangeKind.Removed, _ => RowChangeKind.Changed };
            var changedColumns = reader.IsDBNull(2) ? [] : reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries);
            var values = new object?[fields.Count];
            for (var i = 0; i < values.Length; i++) values[i] = Format.Read(reader, i + 3, fields[i].Type);
            yield return new RowChange(kind, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), changedColumns, values);
        }
    }

    /// <summary>Which columns are compared and how rows are matched.</summary>
    private sealed class ComparisonPlan
    {
        public ComparisonPlan(TableLayout previous, TableLayout next)
        {
            Next = next;
            var before = new Dictionary<string, FieldType>(StringComparer.Ordinal);
            for (var i = 0; i < previous.ColumnNames.Count; i++) before[previous.ColumnNames[i]] = previous.Schema.Fields[i].Type;
            Comparable = new bool[next.ColumnNames.Count];
            for (var i = 0; i < Comparable.Length; i++)
                Comparable[i] = before.TryGetValue(next.ColumnNames[i], out var type) && type == next.Schema.Fields[i].Type;
            var key = next.Schema.PrimaryKey.Select(next.ColumnOf).ToList();
            ByKey = key.Count > 0 && key.All(k => Comparable[next.IndexOfColumn(k)]);
            Key = ByKey ? key : [];
        }

        public TableLayout Next { get; }

        /// <summary>Per column of the new version: the previous version has it, with the same type.</summary>
        public bool[] Comparable { get; }

        public bool ByKey { get; }
        public IReadOnlyList<string> Key { get; }

        public IEnumerable<(string Column, FieldType Type)> ComparedColumns() =>
            Next.ColumnNames.Select((c, i) => (c, Next.Schema.Fields[i].Type, i)).Where(c => Comparable[c.i]).Select(c => (c.c, c.Type));
    }

    private string CreateTable(string changes, TableLayout next)
    {
        var sql = new StringBuilder($"CREATE TABLE {changes} ({SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)} bigint NOT NULL, ")
            .Append($"{SqlIdentifiers.Quote(RowTableFormat.ChangeColumnName)} text NOT NULL, {SqlIdentifiers.Quote(RowTableFormat.ChangedColumnsColumnName)} text");
        for (var i = 0; i < next.ColumnNames.Count; i++)
            sql.Append(", ").Append(SqlIdentifiers.Quote(next.ColumnNames[i])).Append(' ').Append(Format.ColumnType(next.Schema.Fields[i].Type));
        return sql.Append(')').ToString();
    }

    private static string InsertInto(string changes, TableLayout next) =>
        $"INSERT INTO {changes} ({SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName)}, {SqlIdentifiers.Quote(RowTableFormat.ChangeColumnName)}, "
        + $"{SqlIdentifiers.Quote(RowTableFormat.ChangedColumnsColumnName)}{string.Concat(next.ColumnNames.Select(c => ", " + SqlIdentifiers.Quote(c)))})";

    /// <summary>A removed row's values from the previous table (where it has the column with the same type), the others' from the new one.</summary>
    private static string Values(ComparisonPlan plan, string previous, string next, string nextRow) =>
        string.Concat(plan.Next.ColumnNames.Select((c, i) => ", " + (plan.Comparable[i]
            ? $"CASE WHEN {nextRow} IS NULL THEN {previous}.{SqlIdentifiers.Quote(c)} ELSE {next}.{SqlIdentifiers.Quote(c)} END"
            : $"{next}.{SqlIdentifiers.Quote(c)}")));

    /// <summary>Full outer join on the key: only in the new table is added, only in the previous removed, both with a
    /// compared value distinct is changed, and which values differ is listed.</summary>
    private string KeyedInsert(string changes, string previousTable, string nextTable, ComparisonPlan plan)
    {
        var row = SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName);
        var compared = plan.ComparedColumns().Where(c => !plan.Key.Contains(c.Column)).ToList();
        var distinct = compared.Select(c => (c.Column, Sql: Format.DistinctSql($"o.{SqlIdentifiers.Quote(c.Column)}", $"n.{SqlIdentifiers.Quote(c.Column)}", c.Type))).ToList();
        var anyDistinct = distinct.Count == 0 ? "1 = 0" : string.Join(" OR ", distinct.Select(d => d.Sql));
        var changedList = distinct.Count == 0 ? "NULL"
            : $"rtrim({string.Join(" || ", distinct.Select(d => $"CASE WHEN {d.Sql} THEN '{d.Column},' ELSE '' END"))}, ',')";
        var on = string.Join(" AND ", plan.Key.Select(SqlIdentifiers.Quote).Select(k => $"o.{k} = n.{k}"));
        return InsertInto(changes, plan.Next)
            + $" SELECT COALESCE(n.{row}, o.{row}), CASE WHEN o.{row} IS NULL THEN '{Added}' WHEN n.{row} IS NULL THEN '{Removed}' ELSE '{Changed}' END,"
            + $" CASE WHEN o.{row} IS NOT NULL AND n.{row} IS NOT NULL THEN {changedList} END"
            + Values(plan, "o", "n", $"n.{row}")
            + $" FROM {previousTable} o FULL OUTER JOIN {nextTable} n ON {on}"
            + $" WHERE o.{row} IS NULL OR n.{row} IS NULL OR ({anyDistinct})";
    }

    /// <summary>Rows numbered within their content (the n-th copy of a row) and full-outer-joined on both: what either
    /// side lacks is added or removed, then the rows' values are fetched by their row numbers.</summary>
    private string ContentInsert(string changes, string previousTable, string nextTable, ComparisonPlan plan)
    {
        var row = SqlIdentifiers.Quote(RowTableFormat.RowNumberColumnName);
        var columns = plan.ComparedColumns().ToList();
        // No column in common: nothing can match, every row is removed and every row added.
        var (previousContent, nextContent) = columns.Count == 0 ? ("'-'", "'+'") : (Format.RowContentSql("p", columns), Format.RowContentSql("p", columns));
        string Numbered(string table, string content) =>
            $"SELECT r, h, row_number() OVER (PARTITION BY h ORDER BY r) AS k FROM (SELECT p.{row} AS r, {content} AS h FROM {table} p) x";
        return $"WITH oo AS ({Numbered(previousTable, previousContent)}), nn AS ({Numbered(nextTable, nextContent)}),"
            + " d AS (SELECT oo.r AS old_r, nn.r AS new_r FROM oo FULL OUTER JOIN nn ON oo.h = nn.h AND oo.k = nn.k WHERE oo.r IS NULL OR nn.r IS NULL) "
            + InsertInto(changes, plan.Next)
            + $" SELECT COALESCE(d.new_r, d.old_r), CASE WHEN d.new_r IS NULL THEN '{Removed}' ELSE '{Added}' END, NULL"
            + Values(plan, "o", "n", "d.new_r")
            + $" FROM d LEFT JOIN {previousTable} o ON o.{row} = d.old_r LEFT JOIN {nextTable} n ON n.{row} = d.new_r";
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0; // a comparison of millions of rows takes as long as it takes; the load's limit bounds it
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
