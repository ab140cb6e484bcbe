using System.Text;
using System.Text.Unicode;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>The encoding a sample was found to have, and how many leading bytes are a BOM.</summary>
public sealed record SniffedEncoding(Encoding Encoding, string Name, int BomLength);

/// <summary>
/// Detects the encodings Swedish municipal files come in: UTF-8 with or without BOM, UTF-16 with
/// BOM, Windows-1252 and ISO-8859-1. Rejects binary files (XLSX, PDF, images) early.
/// </summary>
public static class EncodingSniffer
{
    static EncodingSniffer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="sample">The first bytes of the file.</param>
    /// <param name="isWholeFile">True when the sample holds the entire file (no truncated tail).</param>
    public static SniffedEncoding Detect(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        if (sample.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF])) return new(new UTF8Encoding(false), "UTF-8 (BOM)", 3);
        if (sample.StartsWith([(byte)0xFF, (byte)0xFE])) return new(new UnicodeEncoding(false, false), "UTF-16LE (BOM)", 2);
        if (sample.StartsWith([(byte)0xFE, (byte)0xFF])) return new(new UnicodeEncoding(true, false), "UTF-16BE (BOM)", 2);

        if (BinaryKind(sample) is { } kind) throw TabularReadException.Binary(kind);

        if (IsValidUtf8(sample, isWholeFile)) return new(new UTF8Encoding(false), "UTF-8", 0);
        // A UTF-8 file with a few stray bytes (a line pasted from another program) stays UTF-8:
        // read as Windows-1252 every å, ä and ö of it would turn into mojibake. The stray bytes are
        // then reported, cell by cell and with their rows, by the validator.
        if (IsMostlyUtf8(sample, isWholeFile)) return new(new UTF8Encoding(false), "UTF-8", 0);

        // Bytes 0x80-0x9F are control characters in ISO-8859-1 but letters and punctuation in
        // Windows-1252 (€, ’, –); their presence tells the two apart. Without them both decode the
        // same, and ISO-8859-1 is the honest name.
        foreach (var b in sample)
            if (b is >= 0x80 and <= 0x9F) return new(Encoding.GetEncoding(1252), "Windows-1252", 0);
        return new(Encoding.Latin1, "ISO-8859-1", 0);
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        if (Utf8.IsValid(sample)) return true;
        if (isWholeFile) return false;
        // The sample may end inside a multi-byte sequence: drop at most three trailing bytes.
        for (var cut = 1; cut <= 3 && cut < sample.Length; cut++)
            if (Utf8.IsValid(sample[..^cut])) return true;
        return false;
    }

    /// <summary>True when the sample's valid multi-byte UTF-8 characters outnumber its invalid
    /// sequences. Text in an 8-bit encoding almost never forms one (a letter such as å is followed
    /// by plain ASCII), so any such file has far more invalid sequences than valid ones.</summary>
    private static bool IsMostlyUtf8(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        int valid = 0, invalid = 0;
        var rest = sample;
        while (true)
        {
            var next = rest.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (next < 0) break;
            rest = rest[next..];
            var status = System.Text.Rune.DecodeFromUtf8(rest, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done) valid++;
            else if (status == System.Buffers.OperationStatus.NeedMoreData && !isWholeFile) break; // the sample's cut
            else invalid++;
            rest = rest[consumed..];
        }
        return valid > invalid;
    }

    private static string? BinaryKind(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith("PK\x03\x04"u8)) return "en Excel- eller ZIP-fil / an Excel or ZIP file";
        if (sample.StartsWith("%PDF"u8)) return "en PDF-fil / a PDF file";
        if (sample.StartsWith([(byte)0xD0, (byte)0xCF, (byte)0x11, (byte)0xE0])) return "en äldre Excel-fil (.xls) / an old Excel file (.xls)";
        if (sample.StartsWith([(byte)0x89, (byte)'P', (byte)'N', (byte)'G'])) return "en bild / an image";
        if (sample.StartsWith([(byte)0x1F, (byte)0x8B])) return "en gzip-komprimerad fil / a gzip-compressed file";
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0) return "en binärfil / a binary file";
            if (b < 0x20 && b is not (byte)'\r' and not (byte)'\n' and not (byte)'\t' and not 0x0C) controls++;
        }
        return sample.Length > 0 && controls * 20 > sample.Length ? "en binärfil / a binary file" : null;
    }
}
