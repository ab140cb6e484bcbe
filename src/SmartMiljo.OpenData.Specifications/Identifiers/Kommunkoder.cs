using System.Collections.Frozen;

namespace SmartMiljo.OpenData.Specifications.Identifiers;

/// <summary>The 290 Swedish municipality codes (SCB), for the <c>kommunkod</c> format.</summary>
public static class Kommunkoder
{
    private static readonly Lazy<FrozenDictionary<string, string>> Names = new(Load);

    public static IReadOnlyDictionary<string, string> All => Names.Value;

    public static bool Exists(string code) => Names.Value.ContainsKey(code);

    public static string? NameOf(string code) => Names.Value.GetValueOrDefault(code);

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(Kommunkoder).Assembly.GetManifestResourceStream("SmartMiljo.OpenData.Specifications.kommunkoder.txt")
            ?? throw new InvalidOperationException("The kommunkod list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var map = new Dictionary<string, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length < 6) continue;
            map[line[..4]] = line[5..];
        }
        return map.ToFrozenDictionary();
    }
}
