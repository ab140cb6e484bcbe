using System.Text;
using SmartMiljo.OpenData.Specifications.Identifiers;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class PersonnummerPrefilterTests
{
    /// <summary>The UTF-8 path scans the cell's bytes and the string path its characters, so the
    /// two must find exactly the same numbers in any text, letters and non-ASCII included.</summary>
    [Fact]
    public void The_byte_scan_and_the_text_scan_find_the_same_numbers()
    {
        var random = new Random(5);
        const string alphabet = "0123456789-+ 1aZ.,:\u00A0\u3000åé";
        var flagged = 0;
        for (var n = 0; n < 300_000; n++)
        {
            var text = n % 3 == 0
                ? Noise(random, alphabet, random.Next(0, 6)) + Valid(random) + Noise(random, alphabet, random.Next(0, 6))
                : Noise(random, alphabet, random.Next(9, 30));
            var inText = PersonnummerScanner.IndexOf(text.AsSpan(), out var charLength);
            var bytes = Encoding.UTF8.GetBytes(text);
            var inBytes = PersonnummerScanner.IndexOf<byte>(bytes, out var byteLength);
            Assert.Equal(inText >= 0, inBytes >= 0);
            if (inText < 0) continue;
            flagged++;
            // The same number is found: its characters are ASCII, so it is the same bytes.
            Assert.Equal(text.Substring(inText, charLength), Encoding.UTF8.GetString(bytes, inBytes, byteLength));
        }
        Assert.True(flagged > 1000);
    }

    [Theory]
    [InlineData("Kontakt 19121212-1212 ring", true)]
    [InlineData("Kontakt: 121212-1212.", true)]
    [InlineData("pnr 191212121212", true)]
    [InlineData("samordningsnummer 701063-2391 här", true)]   // day 63 = the 3rd
    [InlineData("åäö121212-1212åäö", true)]                   // non-ASCII letters are boundaries
    [InlineData("Kontakt 19121212-1213 ring", false)]          // wrong check digit
    [InlineData("Ring 0501756100", false)]                     // ten digits without separator: a phone number
    [InlineData("ärende 2024-121212-12121", false)]            // the tail runs on: not a number's end
    [InlineData("ref AB121212-1212", false)]                   // part of a code
    [InlineData("id 5191212121212", false)]                    // part of a longer run of digits
    [InlineData("org 212000-1355", false)]                     // an organisation (month 20)
    [InlineData("1401-123456", false)]
    public void Numbers_are_found_anywhere_in_a_text(string text, bool expected)
    {
        Assert.Equal(expected, PersonnummerScanner.Contains(text));
        Assert.Equal(expected, PersonnummerScanner.Contains(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Masking_hides_the_last_four_digits_of_every_number_and_keeps_other_text()
    {
        Assert.Equal("Kontakt 19121212-**** ring, eller 121212-****", PersonnummerScanner.Mask("Kontakt 19121212-1212 ring, eller 121212-1212"));
        const string plain = "Ring 0501756100";
        Assert.Same(plain, PersonnummerScanner.Mask(plain));
    }

    private static string Noise(Random random, string alphabet, int length) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

    // A personnummer in one of its written forms, with a check digit that is right one time in ten.
    private static string Valid(Random random)
    {
        var date = $"{random.Next(0, 100):00}{random.Next(1, 13):00}{random.Next(1, 29) + (random.Next(5) == 0 ? 60 : 0):00}";
        var tail = random.Next(0, 10000).ToString("0000");
        return random.Next(4) switch
        {
            0 => $"{date}-{tail}",
            1 => $"19{date}-{tail}",
            2 => $"20{date}{tail}",
            _ => $"19{date}+{tail}",
        };
    }
}
