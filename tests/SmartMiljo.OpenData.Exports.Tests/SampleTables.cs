using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>A bathing-site-like table exercising every field type, Swedish text, nulls and extremes.</summary>
internal static class SampleTables
{
    public static readonly TableSchema BathingSites = new()
    {
        Fields =
        [
            new FieldDefinition { Name = "id", Type = FieldType.String },
            new FieldDefinition { Name = "namn", Type = FieldType.String },
            new FieldDefinition { Name = "antal_besökare", Type = FieldType.Integer },
            new FieldDefinition { Name = "vattentemperatur", Type = FieldType.Number },
            new FieldDefinition { Name = "handikappanpassad", Type = FieldType.Boolean },
            new FieldDefinition { Name = "provdatum", Type = FieldType.Date },
            new FieldDefinition { Name = "uppdaterad", Type = FieldType.DateTime },
            new FieldDefinition { Name = "öppnar", Type = FieldType.Time },
            new FieldDefinition { Name = "byggår", Type = FieldType.Year },
            new FieldDefinition { Name = "latitud", Type = FieldType.Number },
            new FieldDefinition { Name = "longitud", Type = FieldType.Number },
        ],
        PrimaryKey = ["id"],
        Geometry = new GeometryMapping("latitud", "longitud"),
    };

    public static TableLayout Layout => new(BathingSites);

    public static ExportContext Context => new(Layout, "Badplatser i Härryda", "Kommunens strandbad, åäö ÅÄÖ.",
        "http://creativecommons.org/publicdomain/zero/1.0/", Publisher: "Härryda kommun", VersionNumber: 3);

    public static readonly DateTimeOffset SummerMorning = new(2024, 6, 21, 9, 30, 0, TimeSpan.FromHours(2));

    /// <summary>Three rows: a full one, one of nulls, one of awkward values.</summary>
    public static object?[][] Rows =>
    [
        ["SE0441273000000001", "Östra stranden, Hällingsjö", 1234L, 19.5, true, new DateOnly(2024, 6, 20),
            SummerMorning, new TimeOnly(8, 0), 1968, 57.6412, 12.2417],
        ["SE0441273000000002", null, null, null, null, null, null, null, null, null, null],
        ["SE0441273000000003", "Åsa \"Badet\"\r\nrad två", long.MaxValue, 0.1 + 0.2, false, new DateOnly(1900, 1, 1),
            new DateTimeOffset(2024, 12, 24, 23, 59, 59, 123, TimeSpan.Zero), new TimeOnly(23, 59, 30, 500), 2024,
            -33.8688, 151.2093],
    ];

    public static async IAsyncEnumerable<object?[]> Stream(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    /// <summary>Many generated rows, produced lazily, for streaming tests.</summary>
    public static async IAsyncEnumerable<object?[]> Many(int count, Action<int>? onRow = null)
    {
        for (var i = 0; i < count; i++)
        {
            onRow?.Invoke(i);
            if (i % 1000 == 0) await Task.Yield();
            yield return [$"SE{i:D16}", $"Badplats nr {i} vid sjön Ösjön", (long)i, i * 0.25, i % 2 == 0,
                new DateOnly(2024, 1, 1).AddDays(i % 365), SummerMorning.AddMinutes(i), new TimeOnly(i % 24, 0),
                1900 + i % 125, 55 + (i % 1000) / 100.0, 11 + (i % 1300) / 100.0];
        }
    }
}
