using System.Text.Json;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>A catalogue record as the wizard lists it before the catalogue is harvested.</summary>
public sealed record PreviewRecord(string Title, bool HasData, string? DataAddress, IReadOnlyList<string> Notes);

/// <summary>
/// What the wizard shows of a source before anything is published: its first rows as the harvest reads them, or
/// the records a catalogue would import. Kept on the draft (bounded: a few rows, short cells, the first records).
/// </summary>
public sealed record DraftPreview
{
    public const int MaxRows = 10;
    public const int MaxColumns = 40;
    public const int MaxCellLength = 120;
    public const int MaxRecords = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> Header { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; init; } = [];

    /// <summary>A catalogue's records (the first <see cref="MaxRecords"/>), and how many it has in all.</summary>
    public IReadOnlyList<PreviewRecord> Records { get; init; } = [];
    public int RecordCount { get; init; }

    public bool IsCatalogue => RecordCount > 0 || Records.Count > 0;

    public static string Cell(string? value) =>
        value is null ? "" : value.Length > MaxCellLength ? value[..MaxCellLength] + "…" : value;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DraftPreview? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize<DraftPreview>(json, Json); }
        catch (JsonException) { return null; }
    }
}
