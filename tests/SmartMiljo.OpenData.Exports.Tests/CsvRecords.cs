using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace SmartMiljo.OpenData.Exports.Tests;

/// <summary>Reads CSV with the BCL's own RFC 4180 parser, so quoting is checked by someone else's rules.</summary>
internal static class CsvRecords
{
    public static string[][] Parse(byte[] bytes)
    {
        using var parser = new TextFieldParser(new MemoryStream(bytes), Encoding.UTF8, detectEncoding: true)
        {
            TextFieldType = FieldType.Delimited,
            Delimiters = [","],
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        var records = new List<string[]>();
        while (!parser.EndOfData) records.Add(parser.ReadFields()!);
        return records.ToArray();
    }

    public static string[][] Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));
}
