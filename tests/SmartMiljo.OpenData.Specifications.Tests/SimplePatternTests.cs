using System.Text.RegularExpressions;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class SimplePatternTests
{
    [Theory]
    [InlineData("SE[0-9A-Z]{16}")]
    [InlineData("Q[0-9]+")]
    [InlineData("[0-9]{3} ?[0-9]{2}")]
    [InlineData("[0-9]{4}")]
    [InlineData("[A-Z]{2}[0-9]{1,3}")]
    [InlineData("a*b+c")]
    [InlineData("[a-c.]{2,}-x")]
    [InlineData("[0-9]{6}-[0-9]{4}")]
    public void Answers_exactly_as_the_anchored_regex_does(string pattern)
    {
        var simple = SimplePattern.TryCreate(pattern);
        Assert.NotNull(simple);
        var regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant);
        var random = new Random(pattern.Length);
        const string alphabet = "SEQabcxz019AZ -.\nå";
        var matched = 0;
        for (var n = 0; n < 20_000; n++)
        {
            // Random text, and texts built to nearly match, so that both answers are well exercised.
            var text = n % 2 == 0
                ? new string(Enumerable.Range(0, random.Next(0, 22)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())
                : Mutate(Example(pattern, random), random, alphabet);
            var expected = regex.IsMatch(text);
            Assert.True(expected == simple.IsMatch(text), $"{pattern} on \"{text}\": regex says {expected}");
            // The validator's byte path matches the UTF-8 bytes without decoding ("å" is two bytes).
            Assert.True(expected == simple.IsMatch(System.Text.Encoding.UTF8.GetBytes(text).AsSpan()), $"{pattern} on the bytes of \"{text}\": regex says {expected}");
            if (expected) matched++;
        }
        Assert.True(matched > 100);
    }

    private static string Example(string pattern, Random random) => pattern switch
    {
        "SE[0-9A-Z]{16}" => "SE0A2140100000" + random.Next(1000, 9999),
        "Q[0-9]+" => "Q" + random.Next(),
        "[0-9]{3} ?[0-9]{2}" => random.Next(100, 999) + (random.Next(2) == 0 ? " " : "") + random.Next(10, 99),
        "[0-9]{4}" => random.Next(1000, 9999).ToString(),
        "[A-Z]{2}[0-9]{1,3}" => "AZ" + random.Next(0, 999),
        "a*b+c" => new string('a', random.Next(3)) + new string('b', random.Next(1, 3)) + "c",
        "[a-c.]{2,}-x" => "ab." + new string('c', random.Next(3)) + "-x",
        _ => random.Next(100000, 999999) + "-" + random.Next(1000, 9999),
    };

    private static string Mutate(string text, Random random, string alphabet) => random.Next(5) switch
    {
        0 => text + "\n",
        1 when text.Length > 0 => text.Remove(random.Next(text.Length), 1),
        2 => text.Insert(random.Next(text.Length + 1), alphabet[random.Next(alphabet.Length)].ToString()),
        _ => text,
    };

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("2020-13-01")]
    [InlineData("2020-1-010")]
    [InlineData("202０-01-01")]     // a full-width digit: not ASCII, not a date either way
    [InlineData("2020–01-1")]      // an en dash
    [InlineData("0000-01-01")]
    [InlineData("1999-12-31")]
    public void An_iso_date_reads_the_same_from_bytes_as_from_text(string text)
    {
        var fromText = CellParsers.TryIsoDate(text.AsSpan(), out var expected);
        var fromBytes = CellParsers.TryIsoDate(System.Text.Encoding.UTF8.GetBytes(text).AsSpan(), out var actual);
        Assert.Equal(fromText, fromBytes);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(@"\d{4}")]            // \d is any Unicode digit in .NET
    [InlineData("(ab)+")]
    [InlineData("a|b")]
    [InlineData("[^0-9]+")]
    [InlineData("[0-9]+[0-9]")]       // the first part could end in more than one place
    [InlineData("a?a")]
    [InlineData("[0-9]+x?")]
    [InlineData("a{2}?")]             // lazy
    [InlineData(".*")]
    [InlineData("[a-z-[aeiou]]+")]    // class subtraction
    [InlineData("[å-ö]+")]
    [InlineData("a{,3}")]
    public void Leaves_other_patterns_to_the_regex_engine(string pattern) => Assert.Null(SimplePattern.TryCreate(pattern));
}
