using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>Small, hand-checkable datasets with Swedish letters, nulls, big numbers and awkward text.</summary>
public static class TestDatasets
{
    public const string Organisation = "exempelkommun";
    public const string OtherOrganisation = "grannkommun";

    public static readonly TableSchema BadplatserSchema = new()
    {
        Fields =
        [
            new FieldDefinition { Name = "id", Type = FieldType.String, Description = "Badplatsens id", DescriptionEn = "Bathing site id" },
            new FieldDefinition { Name = "namn", Type = FieldType.String, Constraints = new FieldConstraints { Required = true }, Description = "Badplatsens namn", DescriptionEn = "Name" },
            new FieldDefinition { Name = "kommun", Type = FieldType.String },
            new FieldDefinition { Name = "temperatur", Type = FieldType.Number },
            new FieldDefinition { Name = "djup", Type = FieldType.Integer },
            new FieldDefinition { Name = "öppen", Type = FieldType.Boolean },
            new FieldDefinition { Name = "datum", Type = FieldType.Date },
            new FieldDefinition { Name = "uppdaterad", Type = FieldType.DateTime },
            new FieldDefinition { Name = "tid", Type = FieldType.Time },
            new FieldDefinition { Name = "byggår", Type = FieldType.Year },
            new FieldDefinition { Name = "lat", Type = FieldType.Number },
            new FieldDefinition { Name = "lon", Type = FieldType.Number },
        ],
        PrimaryKey = ["id"],
        Geometry = new GeometryMapping("lat", "lon"),
    };

    public const long BigNumber = 9_007_199_254_740_993; // 2^53 + 1: not representable as a double

    public static readonly object?[][] BadplatserRows =
    [
        ["B1", "Ålsjön", "Härryda", 18.5, 3L, true, new DateOnly(2024, 6, 1), Utc(2024, 6, 1, 10, 0, 0), new TimeOnly(8, 0), 1990, 57.69, 12.29],
        ["B2", "Östersjöbadet", "Mariestad", 21.0, BigNumber, false, new DateOnly(2024, 7, 15), Utc(2024, 7, 15, 22, 30, 0), new TimeOnly(9, 30), 2001, 58.70, 13.82],
        ["B3", "Ängsbadet", "Osby", null, null, null, null, null, null, null, null, null],
        ["B4", "Sandviken", "Härryda", 16.25, -5L, true, new DateOnly(2023, 12, 31), new DateTimeOffset(2023, 12, 31, 23, 59, 59, 500, TimeSpan.Zero), new TimeOnly(23, 59, 59), 1875, 57.70, 12.30],
        ["B5", "O'Brien's strand", "Härryda", 19.0, 100L, false, new DateOnly(2024, 1, 1), Utc(2024, 1, 1, 0, 0, 0), new TimeOnly(12, 0), 2020, 57.71, 11.97],
        ["B6", "Badet 100%_x", "Osby", 2.5, 0L, true, new DateOnly(2024, 2, 29), Utc(2024, 2, 29, 12, 0, 0), new TimeOnly(0, 0), 1999, 56.38, 13.99],
    ];

    public static readonly TableSchema PlatserSchema = new()
    {
        Fields =
        [
            new FieldDefinition { Name = "namn", Type = FieldType.String },
            new FieldDefinition { Name = "kategori", Type = FieldType.String },
            new FieldDefinition { Name = "värde", Type = FieldType.Integer },
            new FieldDefinition { Name = "position", Type = FieldType.GeoPoint },
        ],
    };

    public const int PlatserCount = 2345;

    /// <summary>Rows with repeating and null sort values, so paging must break ties correctly.</summary>
    public static IEnumerable<object?[]> PlatserRows() => Enumerable.Range(1, PlatserCount).Select(i => new object?[]
    {
        $"Plats {i}",
        (i % 3) switch { 0 => "a", 1 => "b", _ => null },
        (long)(i % 97),
        i % 10 == 0 ? null : new GeoPoint(55 + i % 7 / 10.0, 12 + i % 11 / 10.0),
    });

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    public static PublishedDataset Published(string organisation, string slug, string table, TableSchema schema, long rowCount, string title) => new()
    {
        DatasetId = Guid.NewGuid(),
        OrganisationSlug = organisation,
        OrganisationName = organisation,
        DatasetSlug = slug,
        Title = title,
        TitleEn = title + " (en)",
        Description = "Beskrivning av " + title,
        DescriptionEn = "Description of " + title,
        VersionNumber = 1,
        TableName = table,
        Schema = schema,
        RowCount = rowCount,
        PublishedAt = DateTimeOffset.UtcNow,
    };
}
