namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>
/// Picks the delimiter among comma, semicolon, tab and pipe: the one that occurs (outside quotes)
/// in the header and the same number of times on most of the following lines. A decimal comma in
/// a semicolon file therefore does not fool it, since its count varies from line to line.
/// </summary>
public static class DelimiterSniffer
{
    public static readonly char[] Candidates = [',', ';', '\t', '|'];
    private const int LinesToInspect = 50;

    public static char Detect(string sample)
    {
        var lines = SplitRecords(sample);
        if (lines.Count == 0) return ',';
        var best = ',';
        var bestScore = -1.0;
        foreach (var candidate in Candidates)
        {
            var headerCount = CountOutsideQuotes(lines[0], candidate);
            if (headerCount == 0) continue;
            var consistent = 0;
            for (var i = 1; i < lines.Count; i++)
                if (CountOutsideQuotes(lines[i], candidate) == headerCount) consistent++;
            var consistency = lines.Count == 1 ? 1.0 : (double)consistent / (lines.Count - 1);
            // Consistency decides; the count breaks ties (more columns is the likelier reading).
            var score = consistency * 1000 + Math.Min(headerCount, 999);
            if (score > bestScore) { bestScore = score; best = candidate; }
        }
        return best;
    }

    public static string Describe(char delimiter) => delimiter switch
    {
        ',' => "comma (,)",
        ';' => "semicolon (;)",
        '\t' => "tab",
        '|' => "pipe (|)",
        _ => delimiter.ToString(),
    };

    /// <summary>Splits into logical records (newlines inside quotes do not split); the last,
    /// possibly truncated, record is dropped unless it is the only one.</summary>
    private static List<string> SplitRecords(string sample)
    {
        var records = new List<string>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < sample.Length && records.Count < LinesToInspect; i++)
        {
            var c = sample[i];
            if (c == '"') inQuotes = !inQuotes;
            else if (!inQuotes && (c == '\n' || c == '\r'))
            {
                if (i > start) records.Add(sample[start..i]);
                start = i + 1;
            }
        }
        if (records.Count == 0 && start < sample.Length) records.Add(sample[start..]);
        return records;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var inQuotes = false;
        foreach (var c in line)
        {
            if (c == '"') inQuotes = !inQuotes;
            else if (c == delimiter && !inQuotes) count++;
        }
        return count;
    }
}
