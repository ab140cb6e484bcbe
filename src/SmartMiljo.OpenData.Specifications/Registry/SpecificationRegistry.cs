using System.Text.Json;
using System.Text.Json.Nodes;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Registry;

/// <summary>
/// The national specifications, loaded once at start-up from <c>specs/&lt;id&gt;/&lt;version&gt;.json</c>.
/// Every version is kept, so a dataset is validated against the version it names. Files without a
/// <c>fields</c> array (other material under <c>specs/</c>) are ignored; a specification file that
/// is broken stops start-up with a message naming it, rather than silently missing.
/// </summary>
public sealed class SpecificationRegistry : ISpecificationRegistry
{
    private readonly Dictionary<string, List<Entry>> _byId;

    private sealed record Entry(Specification Specification, JsonObject Json);

    private SpecificationRegistry(Dictionary<string, List<Entry>> byId)
    {
        _byId = byId;
        Latest = byId.Values.Select(v => v[^1].Specification).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<Specification> Latest { get; }

    public IReadOnlyList<Specification> Versions(string id) =>
        _byId.TryGetValue(id, out var versions) ? versions.Select(e => e.Specification).ToList() : [];

    public Specification? Find(string id, string? version = null)
    {
        if (!_byId.TryGetValue(id, out var versions)) return null;
        if (version is null) return versions[^1].Specification;
        return versions.FirstOrDefault(e => e.Specification.Version == version)?.Specification;
    }

    /// <summary>The specification file as published: Table Schema JSON with our metadata.</summary>
    public JsonObject? FindJson(string id, string? version = null)
    {
        if (!_byId.TryGetValue(id, out var versions)) return null;
        var entry = version is null ? versions[^1] : versions.FirstOrDefault(e => e.Specification.Version == version);
        return entry?.Json.DeepClone().AsObject();
    }

    public static SpecificationRegistry LoadFromDirectory(string specsDirectory)
    {
        if (!Directory.Exists(specsDirectory))
            throw new DirectoryNotFoundException($"The specifications directory '{specsDirectory}' does not exist.");
        var byId = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(specsDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            JsonObject json;
            try { json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException("empty"); }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException($"Specification file '{path}' is not valid JSON: {e.Message}", e);
            }
            if (json["fields"] is null) continue; // not a table schema (e.g. DCAT-AP-SE material)
            Specification spec;
            try { spec = Parse(json); }
            catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException)
            {
                throw new InvalidDataException($"Specification file '{path}' is invalid: {e.Message}", e);
            }
            if (!byId.TryGetValue(spec.Id, out var list)) byId[spec.Id] = list = [];
            if (list.Any(e => e.Specification.Version == spec.Version))
                throw new InvalidDataException($"Specification '{spec.Id}' version {spec.Version} is defined twice (second in '{path}').");
            list.Add(new Entry(spec, json));
        }
        foreach (var list in byId.Values) list.Sort((a, b) => VersionComparer.Compare(a.Specification.Version, b.Specification.Version));
        return new SpecificationRegistry(byId);
    }

    /// <summary>Creates a registry from specifications built in code (tests, tools).</summary>
    public static SpecificationRegistry FromSpecifications(IEnumerable<Specification> specifications)
    {
        var byId = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var spec in specifications)
        {
            if (!byId.TryGetValue(spec.Id, out var list)) byId[spec.Id] = list = [];
            list.Add(new Entry(spec, ToJson(spec)));
        }
        foreach (var list in byId.Values) list.Sort((a, b) => VersionComparer.Compare(a.Specification.Version, b.Specification.Version));
        return new SpecificationRegistry(byId);
    }

    public static Specification Parse(JsonObject json)
    {
        string Required(string name) => json[name] is JsonValue v && v.ToString() is { Length: > 0 } s
            ? s : throw new FormatException($"'{name}' is required.");
        string? Optional(string name) => json[name] is JsonValue v ? v.ToString() : null;
        var status = Optional("status")?.ToLowerInvariant() switch
        {
            null or "draft" => SpecificationStatus.Draft,
            "official" => SpecificationStatus.Official,
            var other => throw new FormatException($"'status' must be 'official' or 'draft', not '{other}'."),
        };
        return new Specification
        {
            Id = Required("id"),
            Version = Required("version"),
            Status = status,
            Title = Required("title"),
            TitleEn = Optional("title_en"),
            Description = Optional("description"),
            DescriptionEn = Optional("description_en"),
            Iri = Required("iri"),
            Themes = json["themes"] is JsonArray themes ? themes.Select(t => t?.ToString() ?? "").Where(t => t.Length > 0).ToList() : [],
            Schema = TableSchemaJson.Read(json),
        };
    }

    /// <summary>The specification file form of a specification (metadata beside the Table Schema).</summary>
    public static JsonObject ToJson(Specification spec)
    {
        var obj = new JsonObject
        {
            ["id"] = spec.Id,
            ["version"] = spec.Version,
            ["status"] = spec.Status == SpecificationStatus.Official ? "official" : "draft",
            ["title"] = spec.Title,
        };
        if (spec.TitleEn is not null) obj["title_en"] = spec.TitleEn;
        if (spec.Description is not null) obj["description"] = spec.Description;
        if (spec.DescriptionEn is not null) obj["description_en"] = spec.DescriptionEn;
        obj["iri"] = spec.Iri;
        obj["themes"] = new JsonArray(spec.Themes.Select(t => (JsonNode?)t).ToArray());
        foreach (var (key, value) in TableSchemaJson.ToJsonObject(spec.Schema).ToList())
            obj[key] = value?.DeepClone();
        return obj;
    }
}

/// <summary>Orders versions numerically part by part ("1.10" after "1.9"); text parts compare ordinally.</summary>
public static class VersionComparer
{
    public static int Compare(string a, string b)
    {
        var pa = a.Split('.', '-');
        var pb = b.Split('.', '-');
        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var x = i < pa.Length ? pa[i] : "0";
            var y = i < pb.Length ? pb[i] : "0";
            var c = int.TryParse(x, out var nx) && int.TryParse(y, out var ny) ? nx.CompareTo(ny) : string.CompareOrdinal(x, y);
            if (c != 0) return c;
        }
        return 0;
    }
}
