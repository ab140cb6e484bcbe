using System.Text;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Reading;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class CsvTabularSourceTests
{
    static CsvTabularSourceTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static async Task<(ITabularSource Source, List<RawRecord> Records)> ReadAll(byte[] bytes, CsvReadOptions? options = null)
    {
        var source = await CsvTabularSource.OpenAsync(new ForwardOnlyStream(new MemoryStream(bytes)), options);
        var records = new List<RawRecord>();
        while (await source.ReadAsync() is { } r) records.Add(r);
        return (source, records);
    }

    [Theory]
    [InlineData("utf-8-bom", "UTF-8 (BOM)")]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("windows-1252", "Windows-1252")]
    [InlineData("iso-8859-1", "ISO-8859-1")]
    public async Task Detects_the_encoding_and_decodes_swedish_letters(string encodingName, string expectedFact)
    {
        // The € sign exists only in Windows-1252 (byte 0x80), which is how the two 8-bit encodings are told apart.
        var euro = encodingName == "windows-1252" ? " €" : "";
        var text = $"namn,ort\nÅsa Öberg{euro},Härnösand\n";
        var bytes = encodingName switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            "windows-1252" => Encoding.GetEncoding(1252).GetBytes(text),
            _ => Encoding.Latin1.GetBytes(text),
        };

        var (source, records) = await ReadAll(bytes);

        Assert.Equal(expectedFact, source.Facts[CsvTabularSource.EncodingFact]);
        Assert.Equal(["namn", "ort"], source.Header);
        Assert.Equal($"Åsa Öberg{euro}", records[0].Cells[0]);
        Assert.Equal("Härnösand", records[0].Cells[1]);
    }

    [Theory]
    [InlineData(',', "comma (,)")]
    [InlineData(';', "semicolon (;)")]
    [InlineData('\t', "tab")]
    [InlineData('|', "pipe (|)")]
    public async Task Sniffs_the_delimiter(char delimiter, string fact)
    {
        var d = delimiter.ToString();
        var csv = $"a{d}b{d}c\n1{d}2{d}3\n4{d}5{d}6\n";
        var (source, records) = await ReadAll(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(fact, source.Facts[CsvTabularSource.DelimiterFact]);
        Assert.Equal(["4", "5", "6"], records[1].Cells);
    }

    [Fact]
    public async Task A_decimal_comma_in_a_semicolon_file_does_not_fool_the_sniffer()
    {
        var csv = "namn;djup;temp\nÅsjön;12,5;18,2\nBadviken;3;21,0\nNorrstrand;7,25;19\n";
        var (source, records) = await ReadAll(Encoding.UTF8.GetBytes(csv));
        Assert.Equal("semicolon (;)", source.Facts[CsvTabularSource.DelimiterFact]);
        Assert.Equal(["Åsjön", "12,5", "18,2"], records[0].Cells);
    }

    [Fact]
    public async Task Reads_rfc4180_quoting_with_crlf_embedded_newlines_and_doubled_quotes()
    {
        var csv = "id,text,n\r\n1,\"Säg \"\"hej\"\", sa hon\r\npå två rader\",2\r\n2,enkel,3\r\n";
        var (source, records) = await ReadAll(Encoding.UTF8.GetBytes(csv));
        Assert.Equal("CRLF", source.Facts[CsvTabularSource.LineEndingFact]);
        Assert.Equal(2, records.Count);
        Assert.Equal("Säg \"hej\", sa hon\r\npå två rader", records[0].Cells[1]);
        Assert.Equal(["2", "enkel", "3"], records[1].Cells);
        Assert.Equal(2, records[1].RowNumber);
    }

    [Fact]
    public async Task Keeps_short_rows_short_and_blank_lines_as_blank_records()
    {
        var (_, records) = await ReadAll(Encoding.UTF8.GetBytes("a,b,c\n1,2\n\n3,4,5"));
        Assert.Equal(3, records.Count);
        Assert.Equal(2, records[0].Cells.Count);
        Assert.Equal([""], records[1].Cells);
        Assert.Equal(["3", "4", "5"], records[2].Cells); // no final newline
    }

    [Fact]
    public async Task Empty_file_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<TabularReadException>(() => CsvTabularSource.OpenAsync(new MemoryStream()));
        Assert.Equal("empty-file", e.Code);
        Assert.Contains("tom", e.MessageSv);
    }

    [Fact]
    public async Task Bom_only_file_is_empty()
    {
        var e = await Assert.ThrowsAsync<TabularReadException>(() => CsvTabularSource.OpenAsync(new MemoryStream(Encoding.UTF8.GetPreamble())));
        Assert.Equal("empty-file", e.Code);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "Excel")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "PDF")]
    [InlineData(new byte[] { 0x01, 0x02, 0x00, 0x41, 0x42, 0x43 }, "binary")]
    public async Task Binary_files_are_rejected_with_what_they_look_like(byte[] bytes, string kind)
    {
        var e = await Assert.ThrowsAsync<TabularReadException>(() => CsvTabularSource.OpenAsync(new MemoryStream(bytes)));
        Assert.Equal("format-error", e.Code);
        Assert.Contains(kind, e.Message);
    }

    [Fact]
    public async Task A_100_MB_line_stops_with_a_clear_error_without_reading_it_into_memory()
    {
        var stream = new RepeatingStream((byte)'a', 100L * 1024 * 1024);
        var e = await Assert.ThrowsAsync<TabularReadException>(() => CsvTabularSource.OpenAsync(stream));
        Assert.Equal("source-error", e.Code);
        Assert.Contains("longer than", e.Message);
        Assert.True(stream.Position < 20L * 1024 * 1024, $"read {stream.Position} bytes before giving up");
    }

    [Fact]
    public async Task Too_many_columns_is_not_a_table()
    {
        var header = string.Join(",", Enumerable.Range(0, 5000).Select(i => "c" + i));
        var e = await Assert.ThrowsAsync<TabularReadException>(() => CsvTabularSource.OpenAsync(Validate.Utf8(header + "\n")));
        Assert.Contains("5,000", e.Message);
    }

    [Fact]
    public async Task Stray_quotes_are_read_as_text_and_counted()
    {
        var (source, records) = await ReadAll(Encoding.UTF8.GetBytes("a,b\n\"x\"y,2\n"));
        Assert.Equal("xy", records[0].Cells[0]);
        Assert.Equal("1", source.Facts[CsvTabularSource.MalformedQuotesFact]);
    }

    /// <summary>Yields one byte value forever (up to a length) without allocating it.</summary>
    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill(value);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
