using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Core.Catalogue;

public enum SchemaChangeKind { Added, Removed, Retyped }

/// <summary>One column that a version added, removed or gave another type, by the field's name.</summary>
public sealed record SchemaChange(SchemaChangeKind Kind, string Field, string? From, string? To)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The columns of <paramref name="next"/> that differ from <paramref name="previous"/>'s, by field name:
    /// added and retyped in the new order, then removed in the old one. Types by their Table Schema names.</summary>
    public static IReadOnlyList<SchemaChange> Between(TableSchema previous, TableSchema next)
    {
        var before = previous.Fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);
        var after = next.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var changes = new List<SchemaChange>();
        foreach (var field in next.Fields)
        {
            if (!before.TryGetValue(field.Name, out var type))
                changes.Add(new SchemaChange(SchemaChangeKind.Added, field.Name, null, FieldTypeClr.TableSchemaName(field.Type)));
            else if (type != field.Type)
                changes.Add(new SchemaChange(SchemaChangeKind.Retyped, field.Name, FieldTypeClr.TableSchemaName(type), FieldTypeClr.TableSchemaName(field.Type)));
        }
        changes.AddRange(previous.Fields.Where(f => !after.Contains(f.Name))
            .Select(f => new SchemaChange(SchemaChangeKind.Removed, f.Name, FieldTypeClr.TableSchemaName(f.Type), null)));
        return changes;
    }

    public static string ToJson(IReadOnlyList<SchemaChange> changes) => JsonSerializer.Serialize(changes, Json);

    public static IReadOnlyList<SchemaChange> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<SchemaChange>>(json, Json) ?? [];
}

/// <summary>
/// What a version changed against the version published before it: rows added, removed and changed (matched by the
/// specification's key; without a key by their whole content, so an edited row counts as one removed and one
/// added), and the columns added, removed or retyped. Computed in the database while the version is loaded.
/// </summary>
public sealed record VersionDiff(int SinceVersion, DateTimeOffset Since, long Added, long Removed, long Changed, bool ByKey,
    IReadOnlyList<SchemaChange> SchemaChanges)
{
    public bool IsEmpty => Added == 0 && Removed == 0 && Changed == 0 && SchemaChanges.Count == 0;

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"12 tillagda, 3 ändrade, 1 borttagen sedan 3 juni" and "12 added, 3 changed, 1 removed since 3 June";
    /// the year is given when it is not <paramref name="now"/>'s.</summary>
    public (string Swedish, string English) Describe(DateTimeOffset now)
    {
        var format = Since.Year == now.Year ? "d MMMM" : "d MMMM yyyy";
        var sv = $"{Count(Added, "tillagd", "tillagda")}, {Count(Changed, "ändrad", "ändrade")}, {Count(Removed, "borttagen", "borttagna")} sedan {Since.ToString(format, Swedish)}";
        var en = $"{Added.ToString("N0", English)} added, {Changed.ToString("N0", English)} changed, {Removed.ToString("N0", English)} removed since {Since.ToString(format, English)}";
        if (SchemaChanges.Count > 0)
        {
            sv += "; kolumner: " + string.Join(", ", SchemaChanges.Select(c => c.Kind switch
            {
                SchemaChangeKind.Added => $"{c.Field} tillagd",
                SchemaChangeKind.Removed => $"{c.Field} borttagen",
                _ => $"{c.Field} ny typ ({c.From} → {c.To})",
            }));
            en += "; columns: " + string.Join(", ", SchemaChanges.Select(c => c.Kind switch
            {
                SchemaChangeKind.Added => $"{c.Field} added",
                SchemaChangeKind.Removed => $"{c.Field} removed",
                _ => $"{c.Field} retyped ({c.From} → {c.To})",
            }));
        }
        return (sv, en);
    }

    private static string Count(long n, string one, string many) => $"{n.ToString("N0", Swedish)} {(n == 1 ? one : many)}";
}
