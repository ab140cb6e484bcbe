using System.Collections.Concurrent;
using Microsoft.OData.Edm;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>The runtime EDM model of one service root (an organisation, or the regional root).</summary>
public sealed class ODataServiceModel(IEdmModel model, IReadOnlyList<EntitySetBinding> entitySets)
{
    public IEdmModel Model { get; } = model;
    public IReadOnlyList<EntitySetBinding> EntitySets { get; } = entitySets;

    private readonly Dictionary<IEdmEntitySet, EntitySetBinding> _byEntitySet =
        entitySets.ToDictionary(s => s.EntitySet, s => s);

    /// <summary>Parsed query options by entity set and option text. Parsing (geography literals
    /// especially) costs far more than running an indexed query, and clients repeat their queries;
    /// the cache lives as long as this model, i.e. until the published datasets change.</summary>
    internal ConcurrentDictionary<string, object> ParsedQueries { get; } = new(StringComparer.Ordinal);

    public EntitySetBinding Resolve(IEdmNavigationSource source) =>
        source is IEdmEntitySet set && _byEntitySet.TryGetValue(set, out var binding)
            ? binding
            : throw ODataRequestException.NotImplemented($"'{source.Name}' is not an entity set of this service.");
}
