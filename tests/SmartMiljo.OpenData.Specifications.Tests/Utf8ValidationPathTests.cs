using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Inference;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>
/// UTF-8 CSV files are validated on the reader's bytes, making strings only where a value or an
/// issue needs one; without a sink (validation only) typed values are not made at all. Every
/// case here is validated four ways (decoded first or split as bytes, with a sink or without)
/// and must give the same report, and the same rows wherever rows are written.
/// </summary>
public class Utf8ValidationPathTests
{
    private static readonly CsvReadOptions BytePath = new();
    private static readonly CsvReadOptions CharPath = new() { DecodeBeforeSplitting = true };

    private sealed record Outcome(string Report, string? Rows);

    private static async Task<Outcome> ValidateAsync(byte[] bytes, TableSchema schema, CsvReadOptions read, bool withSink, ValidationOptions? options = null)
    {
        await using var source = await CsvTabularSource.OpenAsync(new MemoryStream(bytes), read);
        var sink = new ListSink();
        var report = await new TableValidator().ValidateAsync(source, schema, withSink ? sink : NullRowSink.Instance, options);
        var rows = withSink ? JsonSerializer.Serialize(sink.Rows.Select(r => new object?[] { r.Row }.Concat(r.Values).ToArray())) : null;
        return new Outcome(JsonSerializer.Serialize(report), rows);
    }

    /// <summary>Validates four ways, asserts they agree, and returns the report of the byte path without a sink.</summary>
    private static async Task<ValidationReport> AssertSameFourWaysAsync(byte[] bytes, TableSchema schema, ValidationOptions? options = null)
    {
        var reference = await ValidateAsync(bytes, schema, CharPath, withSink: true, options);
        var bytesWithSink = await ValidateAsync(bytes, schema, BytePath, withSink: true, options);
        var bytesOnly = await ValidateAsync(bytes, schema, BytePath, withSink: false, options);
        var charsOnly = await ValidateAsync(bytes, schema, CharPath, withSink: false, options);
        Assert.Equal(reference.Report, bytesWithSink.Report);
        Assert.Equal(reference.Rows, bytesWithSink.Rows);
        Assert.Equal(reference.Report, bytesOnly.Report);
        Assert.Equal(reference.Report, charsOnly.Report);
        return JsonSerializer.Deserialize<ValidationReport>(bytesOnly.Report)!;
    }

    public static TheoryData<string, string, string?> SamplesWithSpecifications() => new()
    {
        { "mariestad_1493_badplatser.csv", "badplatser", null },
        { "harryda_1401_badplatser_utf8bom.csv", "badplatser", null },
        { "osby_1273_badplatser_oldvariant.csv", "badplatser", "1.0" },
        { "osby_1273_badplatser_oldvariant.csv", "badplatser", "0.9" },
        { "livsmedelsinspektioner_spec_exempel.csv", "livsmedelsinspektioner", null },
        // Files against a specification they do not follow: missing columns, every row wrong.
        { "atervinningsstationer_sverige_stations.csv", "badplatser", null },
        { "scb_kommuner_municipalities.csv", "offentliga-toaletter", null },
    };

    [Theory]
    [MemberData(nameof(SamplesWithSpecifications))]
    public async Task Sample_files_validate_the_same_on_every_path(string sample, string specId, string? version)
    {
        var spec = TestFiles.Registry.Find(specId, version)!;
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(sample));
        var report = await AssertSameFourWaysAsync(bytes, spec.Schema, new ValidationOptions { SpecificationId = spec.Id, SpecificationVersion = spec.Version });
        Assert.True(report.RowsRead > 0);
    }

    [Theory]
    [InlineData("atervinningsstationer_sverige_stations.csv")]
    [InlineData("scb_kommuner_municipalities.csv")]
    [InlineData("livsmedelsinspektioner_spec_exempel.csv")]
    [InlineData("mariestad_1493_badplatser.csv")]
    public async Task Sample_files_validate_the_same_on_every_path_against_their_inferred_schema(string sample)
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(sample));
        TableSchema schema;
        await using (var source = await CsvTabularSource.OpenAsync(new MemoryStream(bytes)))
            schema = await new SchemaInferrer().InferAsync(source);
        var report = await AssertSameFourWaysAsync(bytes, schema);
        Assert.True(report.RowsRead > 0);
    }

    /// <summary>Every type and format, constraints of each kind, extra missing values, a
    /// composite key and coordinates.</summary>
    private static readonly TableSchema Everything = new()
    {
        Fields =
        [
            Field("id", constraints: new FieldConstraints { Required = true, Unique = true }),
            Field("name", constraints: new FieldConstraints { MinLength = 2, MaxLength = 12 }),
            Field("lat", FieldType.Number, constraints: new FieldConstraints { Required = true }),
            Field("lon", FieldType.Number, constraints: new FieldConstraints { Required = true }),
            Field("count", FieldType.Integer, constraints: new FieldConstraints { Minimum = 0, Maximum = 100 }),
            Field("share", FieldType.Number, constraints: new FieldConstraints { Maximum = 1 }),
            Field("open", FieldType.Boolean),
            Field("day", FieldType.Date),
            Field("at", FieldType.DateTime),
            Field("time", FieldType.Time),
            Field("year", FieldType.Year),
            Field("point", FieldType.GeoPoint),
            Field("code", constraints: new FieldConstraints { Pattern = "SE[0-9]{3}" }),
            Field("kind", constraints: new FieldConstraints { Enum = ["lake", "sea", "å"] }),
            Field("web", format: "uri"),
            Field("mail", format: "email"),
            Field("tel", format: "phone"),
            Field("kommun", format: "kommunkod"),
            Field("orgnr", format: "organisationsnummer"),
            Field("note"),
            Field("ref", constraints: new FieldConstraints { Unique = true }),
            Field("level", FieldType.Integer, constraints: new FieldConstraints { Enum = ["1", "2"] }),
        ],
        PrimaryKey = ["ref", "year"],
        MissingValues = ["", "NA", "-"],
        Geometry = new GeometryMapping("lat", "lon"),
    };

    private static readonly string[][] Candidates =
    [
        ["1", "2", "3", "x", "", " ", "é", "NA", "1"],
        ["Ab", "Åsa", "A", "a very long name", "", "\u00A0name", " pad ", "NA", "-", "Ö\"q"],
        ["57.7", "57,7", "12.1", "abc", "", " 57.7", "57.7 ", "6400000", "1e1", "NaN", "١"],
        ["12.1", "57.7", "1380000", "12", "", "x", "-", "12.1\t"],
        ["0", "100", "101", "-1", "+5", "5 ", "5.0", "", "NA", "٣"],
        ["0.5", "1", "1.5", "0,5", "", "x"],
        ["true", "false", "TRUE", "False", "1", "0", "ja", "Nej", "yes", "kanske", "", " true", "true "],
        ["2024-05-28", "2024-02-30", "28/5 2024", "20240528", "", "x", "2024-05-28 ", "２０２４-05-28"],
        ["2024-05-28T14:30:00+02:00", "2024-05-28 14:30", "x", ""],
        ["14:30", "14.30", "25:00", ""],
        ["2024", "24", "20245", "", "abcd"],
        ["57.66, 12.14", "12.14, 57.66", "POINT(12.14 57.66)", "x", "", "0, 0"],
        ["SE123", "SE12", "se123", "SE1234", "", " SE123", "SE123\n"],
        ["lake", "sea", "Lake", "å", "ocean", "", " lake"],
        ["https://a.se/x", "http://b.se", "https://ex ample.se", "ftp://c.se/f", "www.a.se", "https://bücher.de/x", "", " https://a.se"],
        ["a@b.se", "a@b", "a b@c.se", " a@b.se", ""],
        ["031-724 61 00", "+46 31 7246100", "12", "abc", "", "19121212-1212"],
        ["1401", "114", "9999", "x", "", " 1401"],
        ["212000-1355", "19121212-1212", "121212-1212", "212000-1354", "", "5560000000"],
        ["text", "19121212-1212", "121212-1212", "201212121212", "121212-1212\u3000", "1401-123456", "Mölnlycke", "\uFFFD", "", "a,b",
            "Kontakt 19121212-1212 ring", "Ring 0501756100", "se 701063-2391.", "ärende 19121212-12125"],
        ["r1", "r2", "r3", "", "r1", "ö"],
        ["1", "2", "3", "", " 1"],
    ];

    private static byte[] GenerateFile(int seed, int rows)
    {
        var random = new Random(seed);
        var text = new StringBuilder(string.Join(",", Everything.Fields.Select(f => f.Name)) + "\n");
        for (var r = 0; r < rows; r++)
        {
            var shape = random.Next(40);
            if (shape == 0) { text.Append(random.Next(2) == 0 ? "\n" : " , ,\t\n"); continue; } // blank rows
            var width = shape == 1 ? random.Next(1, Candidates.Length) : Candidates.Length;
            // Shape 4 is an otherwise valid row (the first candidates) with an unquoted comma in prose, which is repaired.
            var cells = Enumerable.Range(0, width).Select(c => Candidates[c][shape == 4 ? 0 : random.Next(Candidates[c].Length)]).ToList();
            if (shape == 2) cells.Add("surplus");
            if (shape == 3) cells.AddRange(["", ""]);
            if (shape == 4) cells[19] = "Badplats, vid sjön";
            text.Append(string.Join(",", cells.Select((cell, i) => shape == 4 && i == 19 ? cell : Quote(cell)))).Append(random.Next(4) == 0 ? "\r\n" : "\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    [Fact]
    public async Task Generated_files_with_every_type_and_many_mistakes_validate_the_same_on_every_path()
    {
        var codes = new HashSet<string>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var report = await AssertSameFourWaysAsync(GenerateFile(seed, 300), Everything);
            codes.UnionWith(report.Totals.Keys);
        }
        // The files reach the checks that matter here, so the comparison means something.
        string[] expected = [IssueCodes.TypeError, IssueCodes.ConstraintError, IssueCodes.UniqueError, IssueCodes.PrimaryKey, IssueCodes.BlankRow,
            IssueCodes.ExtraCell, IssueCodes.MissingCell, IssueCodes.PersonalData, IssueCodes.EncodingError, IssueCodes.ValueNormalised, IssueCodes.CoordinatesSwapped, IssueCodes.MisplacedDelimiter];
        Assert.Equal([], expected.Except(codes));
    }

    [Fact]
    public async Task Without_a_key_identical_rows_are_found_the_same_way_on_every_path()
    {
        var schema = Schema(Field("name"), Field("n", FieldType.Integer), Field("note", constraints: new FieldConstraints { Unique = true }));
        var csv = "name,n,note\nå,1,x\nå,1,\nå,1,\nb,2,x\n\"å\",1,\"\"\nb,2,y,\n";
        var report = await AssertSameFourWaysAsync(Encoding.UTF8.GetBytes(csv), schema);
        Assert.Equal(2, report.Totals[IssueCodes.DuplicateRow]);
        Assert.Equal(1, report.Totals[IssueCodes.UniqueError]);
    }

    [Fact]
    public async Task Invalid_bytes_in_any_column_are_reported_the_same_on_every_path()
    {
        var head = Encoding.UTF8.GetBytes("id,name,n\n");
        var filler = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 4000).Select(i => $"{i},Härryda,{i}\n")));
        byte[] broken = [.. "9001,G"u8, 0xF6, .. "te,5\n9002,ok,"u8, 0xC3, .. "\n9003,\uFFFD,7\n"u8];
        var bytes = head.Concat(filler).Concat(broken).ToArray();
        var schema = Schema(Field("id", constraints: new FieldConstraints { Unique = true }), Field("name"), Field("n", FieldType.Integer));
        var report = await AssertSameFourWaysAsync(bytes, schema);
        Assert.Equal(2, report.Totals[IssueCodes.EncodingError]);
        Assert.Equal(1, report.Totals[IssueCodes.TypeError]);
    }

    [Fact]
    public async Task A_nul_character_in_a_cell_rejects_its_row_with_an_encoding_error_on_every_path()
    {
        // U+0000 is no text (old fixed-width exports pad with it), and PostgreSQL's text cannot hold it: the row
        // is rejected with a clear issue instead of failing the whole load at the database.
        var head = Encoding.UTF8.GetBytes("id,name,n\n");
        var filler = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 4000).Select(i => $"{i},Härryda,{i}\n")));
        byte[] padded = [.. "9001,Mj"u8, 0x00, 0x00, .. ",5\n9002,ok,6\n"u8];
        var schema = Schema(Field("id", constraints: new FieldConstraints { Unique = true }), Field("name"), Field("n", FieldType.Integer));
        var report = await AssertSameFourWaysAsync(head.Concat(filler).Concat(padded).ToArray(), schema);
        Assert.Equal(1, report.Totals[IssueCodes.EncodingError]);
        Assert.Equal(4001, report.RowsValid);
        Assert.Equal(1, report.RowsInvalid);
        var issue = Assert.Single(report.Errors, i => i.Code == IssueCodes.EncodingError);
        Assert.Equal(4001, issue.Row); // data rows are numbered from 1
    }

    [Fact]
    public async Task Without_a_sink_rows_are_still_counted_and_judged_but_not_written()
    {
        var schema = TestFiles.Registry.Find("badplatser")!.Schema;
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample("mariestad_1493_badplatser.csv"));
        await using var source = await CsvTabularSource.OpenAsync(new MemoryStream(bytes));
        var report = await new TableValidator().ValidateAsync(source, schema, NullRowSink.Instance);
        var (withSink, sink) = await StreamAsync(new MemoryStream(bytes), schema);
        Assert.Equal(withSink.RowsValid, report.RowsValid);
        Assert.Equal(sink.Rows.Count, report.RowsValid);
        Assert.True(report.RowsValid > 0);
    }
}
