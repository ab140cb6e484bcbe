using System.Text;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Core.Tabular;

/// <summary>
/// Maps a table schema onto SQL columns and OData properties. Field names come from publishers
/// (dots, spaces, å/ä/ö); column names are derived deterministically from them and are the only
/// identifiers ever written into SQL. Every field column starts with a letter (<see cref="ToIdentifier"/>),
/// so the row-table format's own columns (Storage/Rows/RowTableFormat), which start with an underscore,
/// can never collide with one.
/// </summary>
public sealed class TableLayout
{
    public TableSchema Schema { get; }
    public IReadOnlyList<string> ColumnNames { get; }

    public TableLayout(TableSchema schema)
    {
        Schema = schema;
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>(schema.Fields.Count);
        foreach (var field in schema.Fields)
        {
            var baseName = ToIdentifier(field.Name);
            var name = baseName;
            for (var n = 2; !used.Add(name); n++) name = $"{baseName}_{n}";
            names.Add(name);
        }
        ColumnNames = names;
    }

    public string ColumnOf(string fieldName)
    {
        var i = Schema.IndexOf(fieldName);
        if (i < 0) throw new ArgumentException($"Unknown field '{fieldName}'.", nameof(fieldName));
        return ColumnNames[i];
    }

    public int IndexOfColumn(string columnName)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
            if (string.Equals(ColumnNames[i], columnName, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Lower-case ASCII letters, digits and underscores, starting with a letter.</summary>
    public static string ToIdentifier(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name.Trim().ToLowerInvariant())
        {
            var c = ch switch { 'å' or 'ä' => 'a', 'ö' => 'o', 'é' or 'è' => 'e', 'ü' => 'u', _ => ch };
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        while (sb.Length > 0 && sb[^1] == '_') sb.Length--;
        if (sb.Length == 0 || !char.IsAsciiLetter(sb[0])) sb.Insert(0, "f_");
        if (sb.Length > 60) sb.Length = 60;
        return sb.ToString();
    }
}
