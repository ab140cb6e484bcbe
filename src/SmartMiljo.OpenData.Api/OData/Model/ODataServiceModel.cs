using Microsoft.OData.Edm;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>The runtime EDM model of one service root (an organisation, or the regional root).</summary>
public sealed class ODataServiceModel(IEdmModel model, IReadOnlyList<EntitySetBinding> entitySets)
{
    public IEdmModel Model { get; } = model;
    public IReadOnlyList<EntitySetBinding> EntitySets { get; } = entitySets;

    private readonly Dictionary<IEdmEntitySet, EntitySetBinding> _byEntitySet =
        entitySets.ToDictionary(s => s.EntitySet, s => s);

    public EntitySetBinding Resolve(IEdmNavigationSource source) =>
        source is IEdmEntitySet set && _byEntitySet.TryGetValue(set, out var binding)
            ? binding
            : throw ODataRequestException.NotImplemented($"'{source.Name}' is not an entity set of this service.");
}
