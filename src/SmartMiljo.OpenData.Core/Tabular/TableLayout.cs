using System.Text;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Core.Tabular;

/// <summary>
/// Maps a table schema onto SQL columns and OData properties. Field names come from publishers
/// (dots, spaces, å/ä/ö); column names are derived deterministically from them and are the only
/// identifiers ever written into SQL. They are also the column names of every published format
/// (OData, OGC API, CSV, XLSX, JSON, GeoJSON, Parquet): see <see cref="Published"/>.
/// Every field column starts with a letter (<see cref="ToIdentifier"/>),
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

    private TableLayout(TableSchema schema, IReadOnlyList<string> columnNames, bool published)
    {
        Schema = schema;
        ColumnNames = columnNames;
        IsPublished = published;
    }

    /// <summary>Whether <see cref="Schema"/> already names each field by its column identifier.</summary>
    public bool IsPublished { get; }

    /// <summary>
    /// The same table as every published format names it: each field's name is its column identifier
    /// (<c>Antal besök</c> becomes <c>antal_besok</c>, as in OData and SQL), its title keeps the
    /// source's header (or the title the schema gave it), and keys and coordinate fields follow.
    /// Rows line up with it exactly as with this layout.
    /// </summary>
    public TableLayout Published()
    {
        if (IsPublished) return this;
        var fields = new List<FieldDefinition>(Schema.Fields.Count);
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            var field = Schema.Fields[i];
            fields.Add(field with { Name = ColumnNames[i], Title = field.Title ?? field.Name, Aliases = [] });
        }
        var schema = Schema with
        {
            Fields = fields,
            PrimaryKey = [.. Schema.PrimaryKey.Select(ColumnOf)],
            Geometry = Schema.Geometry is { } g
                       && Schema.IndexOf(g.LatitudeField) >= 0 && Schema.IndexOf(g.LongitudeField) >= 0
                ? new GeometryMapping(ColumnOf(g.LatitudeField), ColumnOf(g.LongitudeField))
                : Schema.Geometry,
        };
        return new TableLayout(schema, ColumnNames, published: true);
    }

    /// <summary>The source's header (or schema title) of a published column: its label.</summary>
    public string LabelOf(int fieldIndex) => Schema.Fields[fieldIndex].Title ?? Schema.Fields[fieldIndex].Name;

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
