using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>
/// UTF-8 files are split as bytes; every other encoding is decoded first. The two readers must
/// give the same records, facts and reports, so each case here is read both ways and compared.
/// </summary>
public class Utf8PathTests
{
    private static readonly CsvReadOptions CharPath = new() { DecodeBeforeSplitting = true };

    private sealed record Reading(IReadOnlyList<string> Header, List<string?[]> Records, Dictionary<string, string> Facts, string? Error);

    private static async Task<Reading> ReadAllAsync(byte[] bytes, CsvReadOptions options, Func<Stream, Stream>? wrap = null)
    {
        Stream stream = new MemoryStream(bytes);
        if (wrap is not null) stream = wrap(stream);
        var records = new List<string?[]>();
        try
        {
            await using var source = await CsvTabularSource.OpenAsync(stream, options);
            try
            {
                while (await source.ReadAsync() is { } record) records.Add(record.Cells.ToArray());
            }
            catch (TabularReadException e)
            {
                return new Reading(source.Header, records, new(source.Facts), e.Code + ":" + e.Message);
            }
            return new Reading(source.Header, records, new(source.Facts), null);
        }
        catch (TabularReadException e)
        {
            return new Reading([], records, [], e.Code + ":" + e.Message);
        }
    }

    private static async Task AssertSameReadingAsync(byte[] bytes, CsvReadOptions? options = null, Func<Stream, Stream>? wrap = null)
    {
        options ??= new CsvReadOptions();
        var fast = await ReadAllAsync(bytes, options, wrap);
        var general = await ReadAllAsync(bytes, options with { DecodeBeforeSplitting = true }, wrap);
        Assert.Equal(general.Error, fast.Error);
        Assert.Equal(general.Header, fast.Header);
        Assert.Equal(general.Records.Count, fast.Records.Count);
        for (var i = 0; i < general.Records.Count; i++) Assert.Equal(general.Records[i], fast.Records[i]);
        Assert.Equal(general.Facts.OrderBy(f => f.Key), fast.Facts.OrderBy(f => f.Key));
    }

    public static TheoryData<string> SampleCsvFiles() => new(
        "mariestad_1493_badplatser.csv", "harryda_1401_badplatser_utf8bom.csv", "osby_1273_badplatser_oldvariant.csv",
        "atervinningsstationer_sverige_stations.csv", "livsmedelsinspektioner_spec_exempel.csv", "scb_kommuner_municipalities.csv");

    [Theory]
    [MemberData(nameof(SampleCsvFiles))]
    public async Task Sample_files_read_the_same_both_ways(string name)
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(name));
        await AssertSameReadingAsync(bytes);
        // A small sniffing sample and trickling reads put every record across many buffer refills.
        await AssertSameReadingAsync(bytes, new CsvReadOptions { SniffBytes = 1024 }, s => new ForwardOnlyStream(s));
    }

    [Theory]
    [InlineData("mariestad_1493_badplatser.csv")]
    [InlineData("harryda_1401_badplatser_utf8bom.csv")]
    [InlineData("osby_1273_badplatser_oldvariant.csv")]
    public async Task Badplatser_samples_validate_to_the_same_report_and_rows_both_ways(string name)
    {
        var schema = TestFiles.Registry.Find("badplatser")!.Schema;
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(name));
        var (fastReport, fastRows) = await ValidateAsync(bytes, schema, new CsvReadOptions());
        var (generalReport, generalRows) = await ValidateAsync(bytes, schema, CharPath);
        Assert.Equal(JsonSerializer.Serialize(generalReport), JsonSerializer.Serialize(fastReport));
        Assert.Equal(JsonSerializer.Serialize(generalRows), JsonSerializer.Serialize(fastRows));
        Assert.True(fastReport.RowsRead > 0);
    }

    private static async Task<(ValidationReport, List<object?[]>)> ValidateAsync(byte[] bytes, TableSchema schema, CsvReadOptions options)
    {
        await using var source = await CsvTabularSource.OpenAsync(new MemoryStream(bytes), options);
        var sink = new ListSink();
        var report = await new TableValidator().ValidateAsync(source, schema, sink);
        return (report, sink.Rows.Select(r => new object?[] { r.Row }.Concat(r.Values).ToArray()).ToList());
    }

    [Theory]
    [InlineData("a,b\n1,2\n", ',', 1)]
    [InlineData("a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\r\n", ',', 1)]
    [InlineData("a;b\n\"multi\nline\";ö\n\n;\n", ';', 3)]
    [InlineData("a,b\n\"ab\"cd,\"unclosed", ',', 1)]
    [InlineData("a,b\n\"\"\"\",\"\"x\n1,2,\n", ',', 2)]
    [InlineData("a,b\rold,mac\rlines,here", ',', 2)]
    [InlineData("\n\na,b\n1,2", ',', 1)]
    [InlineData("a\tb\n€\t😀\n", '\t', 1)]
    public async Task Tricky_inputs_read_the_same_both_ways(string csv, char delimiter, int records)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        await AssertSameReadingAsync(bytes);
        var trickling = new CsvReadOptions { Delimiter = delimiter, SniffBytes = 5 };
        await AssertSameReadingAsync(bytes, trickling, s => new ForwardOnlyStream(s));
        var withBom = Encoding.UTF8.GetPreamble().Concat(bytes).ToArray();
        await AssertSameReadingAsync(withBom, trickling, s => new ForwardOnlyStream(s));
        var fast = await ReadAllAsync(withBom, trickling, s => new ForwardOnlyStream(s));
        Assert.Equal(records, fast.Records.Count);
        Assert.Equal("UTF-8 (BOM)", fast.Facts[CsvTabularSource.EncodingFact]);
    }

    [Fact]
    public async Task Generated_files_with_quotes_line_breaks_and_multibyte_text_read_the_same_both_ways()
    {
        var random = new Random(7);
        string[] pieces = ["å", "€", "😀", "\"", "\"\"", ",", ";", "\n", "\r\n", "\r", " ", "abc", "12,5", "ja", "\uFFFD"];
        for (var file = 0; file < 40; file++)
        {
            var text = new StringBuilder("id,name,note\n");
            for (var row = 0; row < 30; row++)
            {
                for (var col = 0; col < 3; col++)
                {
                    var quoted = random.Next(3) == 0;
                    var cell = new StringBuilder();
                    for (var p = random.Next(5); p > 0; p--) cell.Append(pieces[random.Next(pieces.Length)]);
                    text.Append(quoted ? "\"" + cell.ToString().Replace("\"", "\"\"") + "\"" : cell.ToString());
                    if (col < 2) text.Append(',');
                }
                text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
            }
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            await AssertSameReadingAsync(bytes, new CsvReadOptions { Delimiter = ',', SniffBytes = 5 }, s => new ForwardOnlyStream(s));
            await AssertSameReadingAsync(bytes, new CsvReadOptions { Delimiter = ',' });
        }
    }

    [Fact]
    public async Task Invalid_utf8_bytes_become_replacement_characters_and_are_reported_both_ways()
    {
        var head = Encoding.UTF8.GetBytes("name,city\nok,Mölnlycke\n");
        // More than the sniffed sample of valid text first, so the file is taken for UTF-8.
        var filler = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("fyllnad,Härryda\n", 5000)));
        byte[] broken = [.. Encoding.UTF8.GetBytes("bad,G"), 0xF6, (byte)'t', (byte)'e', 0xC3, (byte)',', (byte)'x', (byte)'\n'];
        var bytes = head.Concat(filler).Concat(broken).ToArray();
        await AssertSameReadingAsync(bytes);
        var fast = await ReadAllAsync(bytes, new CsvReadOptions());
        Assert.Equal("UTF-8", fast.Facts[CsvTabularSource.EncodingFact]);
        Assert.Equal("true", fast.Facts[CsvTabularSource.ReplacementCharactersFact]);
        Assert.Equal(new string?[] { "bad", "G\uFFFDte\uFFFD", "x" }, fast.Records[^1]);
    }

    [Fact]
    public async Task A_record_longer_than_the_read_buffer_is_read_whole()
    {
        var longText = string.Concat(Enumerable.Repeat("åäö \"\" , ", 200_000)); // about 2.6 MB as UTF-8
        var bytes = Encoding.UTF8.GetBytes($"a,b\n1,\"{longText}\"\n2,short\n");
        await AssertSameReadingAsync(bytes);
        var fast = await ReadAllAsync(bytes, new CsvReadOptions());
        Assert.Equal(longText.Replace("\"\"", "\""), fast.Records[0][1]);
        Assert.Equal(new string?[] { "2", "short" }, fast.Records[1]);
    }

    [Theory]
    [InlineData(40, false)] // 40 characters, 80 bytes: within a limit of 50 characters
    [InlineData(60, true)]
    public async Task The_record_length_limit_counts_characters_on_both_paths(int letters, bool tooLong)
    {
        var bytes = Encoding.UTF8.GetBytes($"a,b\nx,{new string('å', letters)}\ny,z\n");
        var options = new CsvReadOptions { MaxRecordLength = 50 };
        await AssertSameReadingAsync(bytes, options);
        var fast = await ReadAllAsync(bytes, options);
        Assert.Equal(tooLong, fast.Error is not null);
    }

    [Fact]
    public async Task Windows_1252_files_still_take_the_decoding_path()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes("namn;ort\nBadplats – norr;Göteborg\n");
        var fast = await ReadAllAsync(bytes, new CsvReadOptions());
        Assert.Equal("Windows-1252", fast.Facts[CsvTabularSource.EncodingFact]);
        Assert.Equal(new string?[] { "Badplats – norr", "Göteborg" }, fast.Records[0]);
    }
}
