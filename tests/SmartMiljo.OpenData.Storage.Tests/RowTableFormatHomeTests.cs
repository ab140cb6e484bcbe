using System.Text.RegularExpressions;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Storage.Tests;

/// <summary>
/// The row-table format has one home: Storage/Rows (<c>RowTableFormat</c> and its two dialects, and the row
/// stores that write and read the tables). Its literals (system column names, the stored text forms of dates
/// and times) appear nowhere else in src/, and the Api reads rows only through the <c>IRowDatabase</c> port,
/// without naming a provider's types.
/// </summary>
public sealed class RowTableFormatHomeTests
{
    private static readonly string Src = Path.Combine(RepositoryPaths.RepositoryRoot, "src");
    private static readonly string Home = Path.Combine(Src, "SmartMiljo.OpenData.Storage", "Rows") + Path.DirectorySeparatorChar;

    private static readonly (string What, Regex Pattern)[] LayoutLiterals =
    [
        ("the geography column", new Regex(@"\b_geom\b")),
        // _row in any string (SQL text such as ORDER BY _row as well as the name itself); a reader's private
        // _row counter is code, not text, and stays out of it.
        ("the row number column", new Regex(@"""[^""]*\b_row\b")),
        ("the stored date-time text form", new Regex(@"fffffff")),
        ("the stored midnight suffix", new Regex(@"T00:00:00")),
    ];

    /// <summary>Date and time format strings: also legitimate in readers, messages, RDF and exports, so checked
    /// where rows are served.</summary>
    private static readonly Regex TemporalForm = new(@"""[^""]*(?:yyyy-MM-dd|HH:mm)[^""]*""");

    private static IEnumerable<(string File, int Line, string Text)> CodeLines(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((text, i) => (File: f, Line: i + 1, Text: text)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal));

    [Fact]
    public void Layout_literals_live_only_in_the_row_table_format()
    {
        var lines = CodeLines(Src).ToList();
        foreach (var (what, pattern) in LayoutLiterals)
            Assert.Contains(lines, l => l.File.StartsWith(Home, StringComparison.Ordinal)
                                        && pattern.IsMatch(l.Text)); // each check can match: it finds the definition

        var strays = lines
            .Where(l => !l.File.StartsWith(Home, StringComparison.Ordinal))
            .SelectMany(l => LayoutLiterals.Where(p => p.Pattern.IsMatch(l.Text))
                .Select(p => $"{Path.GetRelativePath(Src, l.File)}:{l.Line}: {p.What}: {l.Text.Trim()}"))
            .ToList();
        Assert.True(strays.Count == 0, "Row-table layout outside Storage/Rows:\n" + string.Join('\n', strays));
    }

    [Theory]
    [InlineData("OData")]
    [InlineData("Downloads")]
    public void Date_and_time_text_forms_are_not_spelled_where_rows_are_served(string folder)
    {
        var strays = CodeLines(Path.Combine(Src, "SmartMiljo.OpenData.Api", folder))
            .Where(l => TemporalForm.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(Src, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(strays.Count == 0, "Date/time text forms outside the row-table format:\n" + string.Join('\n', strays));
    }

    [Fact]
    public void The_api_names_no_database_provider()
    {
        var provider = new Regex(@"\b(?:Microsoft\.Data\.Sqlite|Npgsql\w*|Sqlite(?:Connection|Command|Exception|DataReader)|Postgres(?:Exception)|SQLitePCL)\b");
        var strays = CodeLines(Path.Combine(Src, "SmartMiljo.OpenData.Api"))
            .Where(l => provider.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(Src, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(strays.Count == 0, "Provider types in the Api:\n" + string.Join('\n', strays));
        var project = File.ReadAllText(Path.Combine(Src, "SmartMiljo.OpenData.Api", "SmartMiljo.OpenData.Api.csproj"));
        Assert.DoesNotContain("Sqlite", project, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Npgsql", project, StringComparison.OrdinalIgnoreCase);
    }
}
