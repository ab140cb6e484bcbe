using System.Security.Cryptography;
using System.Text;

namespace SmartMiljo.OpenData.Rdf.Tests.Support;

/// <summary>Graph comparison up to blank-node renaming (colour refinement; enough for tree-shaped blank nodes).</summary>
public static class GraphAssert
{
    public static void Isomorphic(RdfGraph expected, RdfGraph actual)
    {
        var a = Canonical(expected);
        var b = Canonical(actual);
        var missing = a.Except(b).Take(5).ToList();
        var extra = b.Except(a).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"Graphs differ ({expected.Count} vs {actual.Count} triples).\nMissing:\n{string.Join("\n", missing)}\nExtra:\n{string.Join("\n", extra)}");
    }

    public static List<string> Canonical(RdfGraph graph)
    {
        var colour = new Dictionary<BlankNode, string>();
        foreach (var t in graph.Triples)
        {
            if (t.Subject is BlankNode s) colour[s] = "B";
            if (t.Object is BlankNode o) colour[o] = "B";
        }
        for (int round = 0; round < 6; round++)
        {
            var next = new Dictionary<BlankNode, string>();
            foreach (var node in colour.Keys)
            {
                var parts = new List<string>();
                foreach (var t in graph.WithSubject(node)) parts.Add("out " + t.Predicate + " " + Term(t.Object, colour));
                foreach (var t in graph.WithObject(node)) parts.Add("in " + t.Predicate + " " + Term(t.Subject, colour));
                parts.Sort(StringComparer.Ordinal);
                next[node] = "_:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))))[..16];
            }
            colour = next;
        }
        var lines = graph.Triples.Select(t => $"{Term(t.Subject, colour)} {t.Predicate} {Term(t.Object, colour)}").ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Term(RdfTerm term, Dictionary<BlankNode, string> colour) => term is BlankNode b ? colour[b] : term.ToString()!;
}
