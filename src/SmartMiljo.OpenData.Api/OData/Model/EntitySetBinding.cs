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

    public PropertyBinding Resolve(IEdmProperty property)
    {
        foreach (var binding in Properties)
            if (ReferenceEquals(binding.EdmProperty, property)) return binding;
        // The parser only hands out properties of our own model, so this is a programming error.
        throw new InvalidOperationException($"Property '{property.Name}' is not part of entity set '{Name}'.");
    }
}
