using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// SCB's PxWeb API (v2), a table's data asked for with GET, e.g.
/// <c>https://api.scb.se/OV0104/v2beta/api/v2/tables/TAB638/data?lang=sv&amp;valueCodes[Region]=0880&amp;valueCodes[Tid]=top(3)</c>,
/// answered as JSON-stat 2.0 (<c>outputFormat=json-stat2</c> is added when the address does not ask for it): a cube of
/// dimensions (region, time, table content, breakdowns such as gender) and one value per cell in row-major order. Every
/// cell becomes a long row of the <c>nyckeltal</c> specification, as Kolada's do (<see cref="KoladaSourceAdapter.Columns"/>):
/// the key figure is the table and content code, with any breakdown other than gender added to it
/// (<c>TAB638/BE0101N1/Alder=20-24</c>) so each row keeps its own key; gender codes 1, 2 and 1+2 become M, K and T; a
/// cell's status symbol (<c>..</c>) is kept. The page comes through the same fetcher as every source (network guard,
/// retries, the server's Retry-After when its rate limit answers 429). One request per harvest: a table larger than
/// the server's cell limit is split into several sources by its value codes.
/// </summary>
public sealed class PxWebSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : PagedJsonSourceAdapter(fetcher, options)
{
    private const string OutputFormat = "outputFormat=json-stat2";
    private static readonly string[] RegionDimensions = ["Region", "region"];
    private static readonly string[] TimeDimensions = ["Tid", "tid", "Time", "time"];
    private static readonly string[] GenderDimensions = ["Kon", "kon", "Sex", "sex"];
    private static readonly string[] ContentDimensions = ["ContentsCode", "contentscode"];

    public override SourceKind Kind => SourceKind.PxWeb;
    protected override JsonRowShape Shape => JsonRowShape.Record;
    protected override IReadOnlyDictionary<string, string> Facts { get; } = new Dictionary<string, string> { ["format"] = "PxWeb API (JSON-stat 2.0)" };
    protected override IReadOnlyList<string> RecordsPath(SourceSettings settings) => [];

    protected override Uri FirstPage(Uri location, SourceSettings settings) =>
        location.Query.Contains("outputformat=", StringComparison.OrdinalIgnoreCase) ? location
        : new Uri(location.AbsoluteUri + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + OutputFormat);

    protected override Uri? NextPage(PageInfo page) => null;

    protected override async Task<int> CopyPageAsync(string pagePath, RecordLinesWriter lines, SourceSettings settings, CancellationToken cancellationToken)
    {
        JsonDocument document;
        await using (var stream = File.OpenRead(pagePath))
        {
            try { document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken); }
            catch (JsonException e) { throw new FetchException($"The PxWeb answer is not JSON-stat: {e.Message}"); }
        }
        using (document)
        {
            var cube = Cube.Read(document.RootElement);
            var rows = 0;
            foreach (var line in cube.Rows())
            {
                await lines.WriteAsync(line, cancellationToken);
                rows++;
            }
            return rows;
        }
    }

    /// <summary>A JSON-stat 2.0 dataset: its dimensions in order, their categories in index order, values and statuses.</summary>
    private sealed class Cube
    {
        private readonly List<Dimension> _dimensions = [];
        private JsonElement _values;
        private JsonElement _status;
        private string _table = "pxweb";

        private sealed record Dimension(string Id, List<(string Code, string Label)> Categories);

        public static Cube Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var ids) || ids.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("dimension", out var dimensions) || dimensions.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("value", out var values))
                throw new FetchException("The PxWeb answer is not a JSON-stat 2.0 dataset (id, dimension and value are needed); ask for outputFormat=json-stat2.");
            var cube = new Cube { _values = values };
            if (root.TryGetProperty("status", out var status)) cube._status = status;
            cube._table = TableId(root) ?? "pxweb";
            foreach (var id in ids.EnumerateArray())
            {
                var name = id.GetString() ?? "";
                if (!dimensions.TryGetProperty(name, out var dimension) || !dimension.TryGetProperty("category", out var category))
                    throw new FetchException($"The PxWeb answer names the dimension '{name}' but does not describe it.");
                cube._dimensions.Add(new Dimension(name, Categories(category)));
            }
            return cube;
        }

        /// <summary>PxWeb puts the table's id in the dataset's extension (<c>extension.px.tableid</c>).</summary>
        private static string? TableId(JsonElement root) =>
            root.TryGetProperty("extension", out var extension) && extension.ValueKind == JsonValueKind.Object
            && extension.TryGetProperty("px", out var px) && px.ValueKind == JsonValueKind.Object
            && px.TryGetProperty("tableid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

        /// <summary>Categories in index order; the index is an object (code → position) or an array of codes.</summary>
        private static List<(string, string)> Categories(JsonElement category)
        {
            var codes = new List<(string Code, int Position)>();
            if (category.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Object)
                codes.AddRange(index.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
            else if (index.ValueKind == JsonValueKind.Array)
                codes.AddRange(index.EnumerateArray().Select((c, i) => (c.GetString() ?? "", i)));
            else if (category.TryGetProperty("label", out var only) && only.ValueKind == JsonValueKind.Object)
                codes.AddRange(only.EnumerateObject().Select((p, i) => (p.Name, i))); // a single category may have no index
            category.TryGetProperty("label", out var labels);
            return codes.OrderBy(c => c.Position).Select(c => (c.Code,
                labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(c.Code, out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : c.Code)).ToList();
        }

        /// <summary>Every cell as a row, in the value order (row-major: the last dimension varies fastest).</summary>
        public IEnumerable<byte[]> Rows()
        {
            var count = 1L;
            foreach (var d in _dimensions) count *= d.Categories.Count;
            var region = Find(RegionDimensions);
            var time = Find(TimeDimensions);
            var gender = Find(GenderDimensions);
            var content = Find(ContentDimensions);
            var at = new int[_dimensions.Count];
            for (var cell = 0L; cell < count; cell++)
            {
                var rest = cell;
                for (var d = _dimensions.Count - 1; d >= 0; d--)
                {
                    var size = _dimensions[d].Categories.Count;
                    at[d] = (int)(rest % size);
                    rest /= size;
                }
                yield return Row(cell, at, region, time, gender, content);
            }
        }

        private int Find(string[] names) => _dimensions.FindIndex(d => names.Contains(d.Id));

        private byte[] Row(long cell, int[] at, int region, int time, int gender, int content)
        {
            var kpi = new List<string> { _table };
            var kpiName = new List<string>();
            if (content >= 0)
            {
                kpi.Add(Category(content, at).Code);
                kpiName.Add(Category(content, at).Label);
            }
            for (var d = 0; d < _dimensions.Count; d++)
            {
                if (d == region || d == time || d == gender || d == content) continue;
                kpi.Add($"{_dimensions[d].Id}={Category(d, at).Code}");
                kpiName.Add(Category(d, at).Label);
            }
            var area = region >= 0 ? Category(region, at).Code : null;
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString(KoladaSourceAdapter.Columns.Kpi, string.Join('/', kpi));
                json.WriteString(KoladaSourceAdapter.Columns.KpiName, kpiName.Count == 0 ? null : string.Join(", ", kpiName));
                json.WriteString(KoladaSourceAdapter.Columns.AreaCode, area);
                json.WriteString(KoladaSourceAdapter.Columns.AreaName, area is null ? null : Kommunkoder.NameOf(area) ?? Category(region, at).Label);
                json.WriteString(KoladaSourceAdapter.Columns.Period, time >= 0 ? Category(time, at).Code : null);
                json.WriteString(KoladaSourceAdapter.Columns.Gender, gender < 0 ? "T" : Category(gender, at).Code switch
                {
                    "1" => "M",
                    "2" => "K",
                    "1+2" or "T" or "tot" => "T",
                    var other => other, // the validator reports a code it does not know
                });
                json.WriteNull(KoladaSourceAdapter.Columns.Count);
                json.WriteString(KoladaSourceAdapter.Columns.Status, Cell(_status, cell) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null);
                json.WritePropertyName(KoladaSourceAdapter.Columns.Value);
                if (Cell(_values, cell) is { ValueKind: JsonValueKind.Number or JsonValueKind.String } v) v.WriteTo(json);
                else json.WriteNullValue();
                json.WriteNull(KoladaSourceAdapter.Columns.Unit);
                json.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        private (string Code, string Label) Category(int dimension, int[] at) => _dimensions[dimension].Categories[at[dimension]];

        /// <summary>A cell of <c>value</c> or <c>status</c>: an array, or an object keyed by cell number (sparse); a status
        /// given as one string applies to every cell.</summary>
        private static JsonElement? Cell(JsonElement from, long cell) => from.ValueKind switch
        {
            JsonValueKind.Array when cell < from.GetArrayLength() => from[(int)cell],
            JsonValueKind.Object when from.TryGetProperty(cell.ToString(System.Globalization.CultureInfo.InvariantCulture), out var v) => v,
            JsonValueKind.String => from,
            _ => null,
        };
    }
}
