using System.Collections.Concurrent;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>
/// Parsed schemas of dataset versions, one instance per process (a DI singleton). A version's schema never
/// changes after it is created, so each is parsed once instead of on every OData request and download (the
/// regional OData root lists every published dataset per request). Bounded: when full it is simply cleared and
/// refills on demand.
/// </summary>
public sealed class VersionSchemaCache
{
    private const int Capacity = 20_000;
    private readonly ConcurrentDictionary<Guid, TableSchema> _schemas = new();

    public TableSchema Get(Guid versionId, string schemaJson)
    {
        if (_schemas.TryGetValue(versionId, out var schema)) return schema;
        schema = TableSchemaJson.Parse(schemaJson);
        if (_schemas.Count >= Capacity) _schemas.Clear();
        return _schemas.GetOrAdd(versionId, schema);
    }
}
