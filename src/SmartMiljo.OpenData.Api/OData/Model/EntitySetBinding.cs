using Microsoft.OData.Edm;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>An entity set and the published dataset version behind it.</summary>
public sealed class EntitySetBinding
{
    public required string Name { get; init; }
    public required PublishedDataset Dataset { get; init; }
    public required IEdmEntitySet EntitySet { get; init; }
    public required IEdmEntityType EntityType { get; init; }

    /// <summary>All properties in declaration (output) order.</summary>
    public required IReadOnlyList<PropertyBinding> Properties { get; init; }

    /// <summary>The key: the schema's primary key, or <c>_row</c>.</summary>
    public required IReadOnlyList<PropertyBinding> Key { get; init; }

    /// <summary>The <c>_row</c> column (exposed as a property only when it is the key). Unique and
    /// indexed in every row table, it ends every sort order: paging needs a total order, and an
    /// equality index on another column already returns its rows in <c>_row</c> order on SQLite.</summary>
    public required PropertyBinding RowNumber { get; init; }

    public string TableName => Dataset.TableName;

    /// <summary>
    /// This entity set served from another retained version of its dataset, for next links issued before a
    /// publish. Null when that version's columns differ (names, types, nullability, key or position): the
    /// parsed query and the sort keys of the token would not mean the same there.
    /// </summary>
    public EntitySetBinding? ForVersion(PublishedDataset version)
    {
        if (version.VersionNumber == Dataset.VersionNumber) return this;
        var theirs = EdmModelBuilder.PropertiesOf(version);
        var ours = EdmModelBuilder.PropertiesOf(Dataset);
        static string Shape(PropertyBinding p) => $"{p.Name}|{p.Source}|{p.Type}|{p.Column}|{p.LatitudeColumn}|{p.LongitudeColumn}|{p.Nullable}";
        if (!theirs.Select(Shape).SequenceEqual(ours.Select(Shape))
            || !version.Schema.PrimaryKey.SequenceEqual(Dataset.Schema.PrimaryKey, StringComparer.Ordinal))
            return null;
        return new EntitySetBinding
        {
            Name = Name, Dataset = version, EntitySet = EntitySet, EntityType = EntityType,
            Properties = Properties, Key = Key, RowNumber = RowNumber,
        };
    }

    public PropertyBinding Resolve(IEdmProperty property)
    {
        foreach (var binding in Properties)
            if (ReferenceEquals(binding.EdmProperty, property)) return binding;
        // The parser only hands out properties of our own model, so this is a programming error.
        throw new InvalidOperationException($"Property '{property.Name}' is not part of entity set '{Name}'.");
    }
}
