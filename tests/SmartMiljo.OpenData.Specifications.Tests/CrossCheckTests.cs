using System.Globalization;
using System.Text;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Where frictionless tableschema-js and our validator read the same file with the same
/// schema, they must agree on which rows are invalid. The file keeps to forms both accept (ISO
/// dates, true/false, decimal points); the Swedish forms we accept on top are tested elsewhere.</summary>
public class CrossCheckTests
{
    private const string SchemaJson = """
        {
          "fields": [
            {"name": "place_id", "type": "string", "constraints": {"required": true, "unique": true}},
            {"name": "name", "type": "string", "constraints": {"required": true, "maxLength": 30}},
            {"name": "latitude", "type": "number", "constraints": {"minimum": 55, "maximum": 69.5}},
            {"name": "longitude", "type": "number"},
            {"name": "visitors", "type": "integer", "constraints": {"minimum": 0}},
            {"name": "updated", "type": "date"},
            {"name": "watertype", "type": "string", "constraints": {"enum": ["lake", "sea"]}},
            {"name": "nutskod", "type": "string", "constraints": {"pattern": "SE[0-9A-Z]{16}"}},
            {"name": "toilet", "type": "boolean"},
            {"name": "opened", "type": "year"}
          ]
        }
        """;

    [Fact]
    public async Task Tableschema_js_and_our_validator_agree_on_the_invalid_rows()
    {
        var dir = Directory.CreateTempSubdirectory("crosscheck");
        try
        {
            var csvPath = Path.Combine(dir.FullName, "data.csv");
            var schemaPath = Path.Combine(dir.FullName, "schema.json");
            await File.WriteAllTextAsync(csvPath, Generate(3000, seed: 20240528), new UTF8Encoding(false));
            await File.WriteAllTextAsync(schemaPath, SchemaJson);

            var schema = TableSchemaJson.Parse(SchemaJson);
            await using var file = File.OpenRead(csvPath);
            var (report, sink) = await Validate.StreamAsync(file, schema);
            var valid = sink.Rows.Select(r => r.Row).ToHashSet();
            var ours = Enumerable.Range(1, (int)report.RowsRead).Select(i => (long)i).Where(r => !valid.Contains(r)).ToArray();

            var (rows, theirs) = await CrossCheck.RunAsync(csvPath, schemaPath);

            Assert.Equal(3000, rows);
            Assert.Equal(3000, report.RowsRead);
            Assert.True(ours.Length > 300, $"the generated file should have many invalid rows, had {ours.Length}");
            Assert.Equal(theirs, ours);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>Rows with, now and then, one of the errors both tools define.</summary>
    private static string Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("place_id,name,latitude,longitude,visitors,updated,watertype,nutskod,toilet,opened\n");
        for (var i = 1; i <= rows; i++)
        {
            var cells = new[]
            {
                $"P{i}", $"Badplats {i}",
                (55.5 + random.NextDouble() * 13).ToString("0.#####", CultureInfo.InvariantCulture),
                (11 + random.NextDouble() * 12).ToString("0.#####", CultureInfo.InvariantCulture),
                random.Next(0, 5000).ToString(CultureInfo.InvariantCulture),
                new DateOnly(2020, 1, 1).AddDays(random.Next(0, 1500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                random.Next(2) == 0 ? "lake" : "sea",
                "SE0A2" + random.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture) + "AB",
                random.Next(2) == 0 ? "true" : "false",
                random.Next(1900, 2024).ToString(CultureInfo.InvariantCulture),
            };
            if (random.Next(5) == 0) Break(cells, random.Next(14), i, random);
            sb.AppendJoin(',', cells).Append('\n');
        }
        return sb.ToString();
    }

    private static void Break(string[] cells, int kind, int row, Random random)
    {
        switch (kind)
        {
            case 0: cells[0] = ""; break;                                  // required
            case 1: cells[0] = $"P{Math.Max(1, row - random.Next(1, 50))}"; break; // unique (an earlier id)
            case 2: cells[1] = new string('x', 31); break;                 // maxLength
            case 3: cells[2] = "54.2"; break;                              // minimum
            case 4: cells[2] = "norr"; break;                              // number type
            case 5: cells[4] = "12.5"; break;                              // integer type
            case 6: cells[4] = "-3"; break;                                // minimum
            case 7: cells[5] = "2021-02-30"; break;                        // date type
            case 8: cells[6] = "pond"; break;                              // enum
            case 9: cells[7] = "SE0A21493"; break;                         // pattern
            case 10: cells[8] = "maybe"; break;                            // boolean type
            case 11: cells[9] = "21"; break;                               // year type
            case 12: cells[1] = ""; break;                                 // required
            default: cells[3] = ""; break;                                 // optional empty: still valid
        }
    }
}
