using System.Collections.Concurrent;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>
/// Parsed schemas of dataset versions. A version's schema never changes after it is created, so each is
/// parsed once per process instead of on every OData request and download (the regional OData root lists
/// every published dataset per request). Bounded: when full it is simply cleared and refills on demand.
/// </summary>
internal static class VersionSchemaCache
{
    private const int Capacity = 20_000;
    private static readonly ConcurrentDictionary<Guid, TableSchema> Schemas = new();

    public static TableSchema Get(Guid versionId, string schemaJson)
    {
        if (Schemas.TryGetValue(versionId, out var schema)) return schema;
        schema = TableSchemaJson.Parse(schemaJson);
        if (Schemas.Count >= Capacity) Schemas.Clear();
        return Schemas.GetOrAdd(versionId, schema);
    }
}
