namespace SmartMiljo.OpenData.Rdf.Tests.Support;

/// <summary>python3-rdflib as an oracle: parses files and compares graphs.</summary>
public static class Rdflib
{
    private const string IsomorphismScript = """
        import sys
        from rdflib import Graph
        from rdflib.compare import isomorphic, to_isomorphic, graph_diff
        fmts = {'rdf': 'xml', 'ttl': 'turtle', 'nt': 'nt', 'jsonld': 'json-ld'}
        def load(path, base):
            g = Graph()
            g.parse(path, format=fmts[path.rsplit('.', 1)[1]], publicID=base or None)
            return g
        args = sys.argv[1:]
        failures = 0
        for i in range(0, len(args), 3):
            a, b, base = load(args[i], args[i+2]), load(args[i+1], args[i+2]), args[i+2]
            if not isomorphic(a, b):
                failures += 1
                _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
                print('DIFFER', args[i], len(a), args[i+1], len(b))
                for t in list(only_a)[:5]: print('  only in first:', t)
                for t in list(only_b)[:5]: print('  only in second:', t)
            else:
                print('SAME', args[i], len(a))
        sys.exit(1 if failures else 0)
        """;

    /// <summary>Asserts that rdflib finds each (first, second) pair isomorphic; base IRIs resolve relative references.</summary>
    public static async Task AssertIsomorphicAsync(IEnumerable<(string First, string Second, string? Base)> pairs)
    {
        var args = new List<string> { "-c", IsomorphismScript };
        var list = pairs.ToList();
        foreach (var (a, b, baseIri) in list) args.AddRange([a, b, baseIri ?? ""]);
        var result = await ExternalTool.RunAsync("/usr/bin/python3", args, "python3-rdflib");
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        var same = result.StdOut.Split('\n').Where(l => l.StartsWith("SAME ", StringComparison.Ordinal)).ToList();
        Assert.Equal(list.Count, same.Count);
        // An empty graph on both sides would be trivially isomorphic.
        Assert.All(same, l => Assert.True(int.Parse(l.Split(' ')[^1]) > 0, l));
    }
}
