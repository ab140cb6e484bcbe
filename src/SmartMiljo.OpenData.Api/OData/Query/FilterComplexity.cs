using System.Text.RegularExpressions;
using Microsoft.OData.UriParser;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// Bounds the size and depth of filter expressions. A cheap scan of the text runs before the parser (whose
/// tree building is recursive and must never see a 10,000-term expression); an exact node count and the
/// nesting depth run after it. The depth matters on its own: the translation recurses over the tree, and
/// databases refuse deep expressions (SQLite at 1,000 levels, "expression tree too large").
/// </summary>
public static partial class FilterComplexity
{
    [GeneratedRegex(@"(?<![\w.'])(?:eq|ne|gt|ge|lt|le|and|or|not|add|sub|mul|div|divby|mod|in|has)(?![\w.'])|,", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OperatorPattern();

    public static void GuardText(string? expression, int maxNodes, string option)
    {
        if (string.IsNullOrEmpty(expression)) return;
        // Each operator or list separator adds at least one node; string literals may inflate the
        // estimate, which only matters for absurdly long inputs.
        if (expression.Length > maxNodes * 64 || OperatorPattern().Count(expression) > maxNodes)
            throw ODataRequestException.BadRequest($"{option} is too complex: at most {maxNodes} terms are allowed.", option);
    }

    /// <summary>Counts nodes iteratively, so deep trees cannot exhaust the stack. A parameter alias
    /// counts with the expression it stands for.</summary>
    public static int Count(QueryNode root, IDictionary<string, SingleValueNode?>? aliases = null) =>
        Walk(root, aliases).Nodes;

    /// <summary>The nesting depth of the tree (a lone literal is 1), found iteratively.</summary>
    public static int Depth(QueryNode root, IDictionary<string, SingleValueNode?>? aliases = null) =>
        Walk(root, aliases).Depth;

    private static (int Nodes, int Depth) Walk(QueryNode root, IDictionary<string, SingleValueNode?>? aliases)
    {
        var count = 0;
        var deepest = 0;
        var pending = new Stack<(QueryNode Node, int Depth)>();
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            count++;
            deepest = Math.Max(deepest, depth);
            // An alias may name itself or another alias in a cycle; the node budget ends such a walk.
            if (count > 1_000_000) break;
            var below = depth + 1;
            switch (node)
            {
                case BinaryOperatorNode b: pending.Push((b.Left, below)); pending.Push((b.Right, below)); break;
                case UnaryOperatorNode u: pending.Push((u.Operand, below)); break;
                case ConvertNode c: pending.Push((c.Source, below)); break;
                case SingleValueFunctionCallNode f: foreach (var p in f.Parameters) pending.Push((p, below)); break;
                case InNode i: pending.Push((i.Left, below)); pending.Push((i.Right, below)); break;
                case CollectionConstantNode list: count += list.Collection.Count; break;
                case ParameterAliasNode alias when aliases is not null && aliases.TryGetValue(alias.Alias, out var value) && value is not null:
                    pending.Push((value, below));
                    break;
            }
        }
        return (count, deepest);
    }
}
