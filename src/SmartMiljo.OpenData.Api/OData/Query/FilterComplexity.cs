using System.Text.RegularExpressions;
using Microsoft.OData.UriParser;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// Bounds the size of filter expressions. A cheap scan of the text runs before the parser (whose
/// tree building is recursive and must never see a 10,000-term expression); an exact node count
/// runs after it.
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

    /// <summary>Counts nodes iteratively, so deep trees cannot exhaust the stack.</summary>
    public static int Count(QueryNode root)
    {
        var count = 0;
        var pending = new Stack<QueryNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            count++;
            switch (node)
            {
                case BinaryOperatorNode b: pending.Push(b.Left); pending.Push(b.Right); break;
                case UnaryOperatorNode u: pending.Push(u.Operand); break;
                case ConvertNode c: pending.Push(c.Source); break;
                case SingleValueFunctionCallNode f: foreach (var p in f.Parameters) pending.Push(p); break;
                case InNode i: pending.Push(i.Left); pending.Push(i.Right); break;
                case CollectionConstantNode list: count += list.Collection.Count; break;
            }
        }
        return count;
    }
}
