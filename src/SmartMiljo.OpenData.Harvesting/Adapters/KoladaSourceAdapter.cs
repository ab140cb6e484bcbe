using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>
/// Kolada's data API (v2), e.g. <c>https://api.kolada.se/v2/data/kpi/N00945,N01951/year/2021,2022</c> or
/// <c>.../kpi/N00945/municipality/0880/year/2022</c>. Each page holds <c>values[]</c>, one per key figure,
/// municipality (or region) and period, each with <c>values[]</c> per gender (T, K, M) of count, status and value;
/// <c>next_page</c> gives the next page's address. The records are unrolled into the long, typed rows of the
/// <c>nyckeltal</c> specification: one row per key figure, area, period and gender. Pages come through the same
/// fetcher as every source (the network guard, retries and the server's Retry-After).
/// </summary>
public sealed class KoladaSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : PagedJsonSourceAdapter(fetcher, options)
{
    /// <summary>The columns of the rows produced, as the <c>nyckeltal</c> specification names them.</summary>
    public static class Columns
    {
        public const string Kpi = "kpi", KpiName = "kpi_namn", Unit = "enhet", AreaCode = "kommunkod", AreaName = "kommun", Period = "period", Gender = "kon",
            Count = "antal", Status = "status", Value = "varde";
    }

    public override SourceKind Kind => SourceKind.Kolada;
    protected override JsonRowShape Shape => JsonRowShape.Record;
    protected override IReadOnlyDictionary<string, string> Facts { get; } = new Dictionary<string, string> { ["format"] = "Kolada API v2" };
    protected override IReadOnlyList<string> RecordsPath(SourceSettings settings) => ["values"];
    protected override Uri FirstPage(Uri location, SourceSettings settings) => location;

    /// <summary>Kolada says where the next page is; a page without <c>next_page</c> (or with no records) is the last.</summary>
    protected override Uri? NextPage(PageInfo page) =>
        page.Records > 0 && ReadPointer(page.PagePath, "/next_page") is { ValueKind: JsonValueKind.String } link
            && Uri.TryCreate(page.Url, link.GetString(), out var next) ? next : null;

    /// <summary>One row per gender of the record; a record without genders still gives one row (without a value),
    /// so that the validator reports it instead of it vanishing.</summary>
    protected override IEnumerable<byte[]> Lines(JsonElement record)
    {
        var kpi = Text(record, "kpi");
        var area = Text(record, "municipality");
        var period = Text(record, "period");
        var name = area is null ? null : Kommunkoder.NameOf(area);
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array
            || values.GetArrayLength() == 0)
        {
            yield return Row(kpi, area, name, period, default);
            yield break;
        }
        foreach (var value in values.EnumerateArray()) yield return Row(kpi, area, name, period, value);
    }

    private static byte[] Row(string? kpi, string? area, string? name, string? period, JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(Columns.Kpi, kpi);
            json.WriteNull(Columns.KpiName); // the data API does not say; the columns are the specification's all the same
            json.WriteString(Columns.AreaCode, area);
            json.WriteString(Columns.AreaName, name);
            json.WriteString(Columns.Period, period);
            var isObject = value.ValueKind == JsonValueKind.Object;
            json.WriteString(Columns.Gender, isObject ? Text(value, "gender") : null);
            // Count and value are copied as Kolada wrote them: the validator types them, and reports what is not a number.
            Copy(json, Columns.Count, isObject, value, "count");
            json.WriteString(Columns.Status, isObject && Text(value, "status") is { Length: > 0 } status ? status : null);
            Copy(json, Columns.Value, isObject, value, "value");
            json.WriteNull(Columns.Unit);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Copy(Utf8JsonWriter json, string column, bool isObject, JsonElement from, string property)
    {
        json.WritePropertyName(column);
        if (isObject && from.TryGetProperty(property, out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.String) v.WriteTo(json);
        else json.WriteNullValue();
    }

    /// <summary>A string or number property as text (Kolada writes periods as numbers, codes as strings).</summary>
    private static string? Text(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
    }
}
