using System.Text;
using SmartMiljo.OpenData.Specifications.Identifiers;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class PersonnummerPrefilterTests
{
    /// <summary>The UTF-8 path skips cells the byte test rules out, so it must never rule out
    /// a cell the full test would flag.</summary>
    [Fact]
    public void The_byte_test_lets_through_every_cell_the_full_test_flags()
    {
        var random = new Random(5);
        const string alphabet = "0123456789-+ 1\u00A0\u3000";
        var flagged = 0;
        for (var n = 0; n < 300_000; n++)
        {
            var text = n % 3 == 0 ? Valid(random) : new string(Enumerable.Range(0, random.Next(9, 15)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (!SwedishIds.LooksLikePersonnummer(text)) continue;
            flagged++;
            Assert.True(ValidationRun.MayBePersonnummer(Encoding.UTF8.GetBytes(text)), text);
        }
        Assert.True(flagged > 1000);
        Assert.False(ValidationRun.MayBePersonnummer("1401-123456"u8));
    }

    // A personnummer in one of its written forms, with a check digit that is right one time in ten.
    private static string Valid(Random random)
    {
        var date = $"{random.Next(0, 100):00}{random.Next(1, 13):00}{random.Next(1, 29):00}";
        var tail = random.Next(0, 10000).ToString("0000");
        return random.Next(4) switch
        {
            0 => $"{date}-{tail}",
            1 => $"19{date}-{tail}",
            2 => $"20{date}{tail}",
            _ => $"19{date}-{tail[..2]}",
        } + (random.Next(4) == 0 ? " \u00A0\u3000"[random.Next(3)].ToString() : "");
    }
}
