using System.Collections.Concurrent;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>
/// Hands out the EDM model of a service root, rebuilt only when the set of published dataset
/// versions behind it changed (the table names identify versions), so publishing shows up at
/// once without paying for a model build on every request.
/// </summary>
public sealed class ODataModelProvider
{
    private readonly ConcurrentDictionary<string, (string Signature, ODataServiceModel Model)> _cache = new(StringComparer.Ordinal);

    /// <summary>The model for an organisation (<paramref name="organisationSlug"/>) or the regional root (null).</summary>
    public ODataServiceModel GetModel(string? organisationSlug, IReadOnlyList<PublishedDataset> datasets)
    {
        var scope = organisationSlug ?? "";
        var signature = string.Join('\n', datasets.Select(d => $"{d.OrganisationSlug}/{d.DatasetSlug}/{d.TableName}").Order(StringComparer.Ordinal));
        if (_cache.TryGetValue(scope, out var cached) && cached.Signature == signature)
            return cached.Model;
        var model = EdmModelBuilder.Build(datasets, regional: organisationSlug is null);
        _cache[scope] = (signature, model);
        return model;
    }
}
