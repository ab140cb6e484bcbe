using System.Text;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;
using static SmartMiljo.OpenData.Specifications.Tests.Validate;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Issue #13: one stray 0xFF byte in a UTF-8 file turned the whole file into Windows-1252
/// mojibake, published as "publishable". Now the file stays UTF-8 and the rows with the stray bytes
/// are named in the report; nothing is re-encoded silently.</summary>
public class MixedEncodingTests
{
    private static byte[] Utf8WithStrayBytes() =>
    [
        .. "namn,ort\nSjöbadet,Göteborg\nÅsa strand,Mölndal\n"u8,
        .. "Bad"u8, 0xFF, .. "et,Borås\n"u8,
        .. "Ängen,Växjö\nKärret,Skövde\n"u8,
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stray_byte_keeps_the_file_utf8_and_names_its_row(bool decodeFirst)
    {
        await using var source = await CsvTabularSource.OpenAsync(new MemoryStream(Utf8WithStrayBytes()), new CsvReadOptions { DecodeBeforeSplitting = decodeFirst });
        Assert.Equal("UTF-8", source.Facts[CsvTabularSource.EncodingFact]);
        var sink = new ListSink();
        var report = await new TableValidator().ValidateAsync(source, Schema(Field("namn"), Field("ort")), sink);

        // The other rows keep their letters: no mojibake (Ã¶) anywhere.
        Assert.Equal(["Sjöbadet", "Åsa strand", "Ängen", "Kärret"], sink.Rows.Select(r => (string)r.Values[0]!));
        Assert.DoesNotContain(sink.Rows, r => r.Values.OfType<string>().Any(v => v.Contains('Ã')));
        var cell = Assert.Single(report.Errors, e => e.Code == IssueCodes.EncodingError);
        Assert.Equal(3, cell.Row);
        var note = Assert.Single(report.Errors, e => e.Code == IssueCodes.MixedEncoding);
        Assert.Equal("4", note.Value); // named as a spreadsheet does (header = row 1); the fact keeps data rows
        Assert.Contains("(rad 4)", note.Message);
        Assert.Contains("inte kodats om", note.Message);
        Assert.Contains("not been re-encoded", note.MessageEn);
        Assert.Equal("3", report.Facts[ValidationRun.MixedEncodingRowsFact]);
        Assert.NotEqual(ValidationVerdict.Publishable, report.Verdict);
    }

    [Fact]
    public void A_real_windows_1252_file_is_still_read_as_windows_1252()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("namn,ort\nSjöbadet – norr,Göteborg\nÅsa,Mölndal\n");
        Assert.Equal("Windows-1252", EncodingSniffer.Detect(bytes, isWholeFile: true).Name);
        // An 8-bit file whose letters happen to form one UTF-8 pair ("Ä–") is still far from UTF-8.
        var tricky = Encoding.GetEncoding(1252).GetBytes("namn\nÄ–sjön\nÅsa\nMölndal\nBorås\n");
        Assert.Equal("Windows-1252", EncodingSniffer.Detect(tricky, isWholeFile: true).Name);
    }

    [Fact]
    public async Task Many_rows_with_stray_bytes_are_counted_and_the_first_named()
    {
        var text = new List<byte>("id,namn\n"u8.ToArray());
        for (var i = 1; i <= 60; i++)
        {
            text.AddRange(Encoding.UTF8.GetBytes($"{i},Sjö {i}"));
            if (i % 2 == 0) text.Add(0xFE);
            text.Add((byte)'\n');
        }
        await using var source = await CsvTabularSource.OpenAsync(new MemoryStream(text.ToArray()));
        var report = await new TableValidator().ValidateAsync(source, Schema(Field("id"), Field("namn")), NullRowSink.Instance);
        var note = Assert.Single(report.Errors, e => e.Code == IssueCodes.MixedEncoding);
        Assert.Contains("30 rader", note.Message);
        Assert.StartsWith("3, 5, 7", note.Value);
        Assert.EndsWith("41 …", note.Value);
        Assert.Equal(30, report.RowsInvalid);
    }
}
