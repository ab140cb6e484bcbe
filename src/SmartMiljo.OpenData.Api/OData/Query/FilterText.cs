using System.Text;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// Spellings of OData 4.01 the URI parser does not read, rewritten before it sees the expression: the
/// <c>in</c> operator in any case (the parser reads <c>EQ</c> and <c>And</c> but only a lower-case <c>in</c>),
/// and <c>divby</c> (decimal division: <c>a divby b</c> is <c>a mul 1.0 div b</c>, which has the same
/// precedence and associativity, and divides as decimals even when both operands are integers).
/// String literals are left exactly as they are.
/// </summary>
public static class FilterText
{
    public static string Normalise(string expression)
    {
        StringBuilder? rewritten = null;
        var copied = 0;
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '\'')
            {
                // Skip the literal; '' is an escaped quote inside it.
                i++;
                while (i < expression.Length)
                {
                    if (expression[i] == '\'' && (i + 1 >= expression.Length || expression[i + 1] != '\'')) break;
                    i += expression[i] == '\'' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (!IsWordCharacter(c)) { i++; continue; }
            var start = i;
            while (i < expression.Length && IsWordCharacter(expression[i])) i++;
            var word = expression.AsSpan(start, i - start);
            var spaceBefore = start > 0 && char.IsWhiteSpace(expression[start - 1]);
            var next = i < expression.Length ? expression[i] : '\0';
            string? replacement = null;
            if (spaceBefore && word.Equals("in", StringComparison.OrdinalIgnoreCase) && !word.SequenceEqual("in")
                && (char.IsWhiteSpace(next) || next == '('))
                replacement = "in";
            else if (spaceBefore && word.Equals("divby", StringComparison.OrdinalIgnoreCase) && char.IsWhiteSpace(next))
                replacement = "mul 1.0 div";
            if (replacement is null) continue;
            rewritten ??= new StringBuilder(expression.Length + 16);
            rewritten.Append(expression, copied, start - copied).Append(replacement);
            copied = i;
        }
        if (rewritten is null) return expression;
        return rewritten.Append(expression, copied, expression.Length - copied).ToString();
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '@' or '$';
}
