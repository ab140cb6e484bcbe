using System.Reflection;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// Resolves parameter aliases in a key (<c>kontroller(@k)?@k=5</c>). The URI parser leaves such a key value
/// as its alias token (a type it keeps internal, hence the name lookup below); the alias's value is a literal
/// of the key property's type given among the query options.
/// </summary>
public static class KeyAliases
{
    private const string AliasTokenType = "FunctionParameterAliasToken";

    public static KeySegment Resolve(KeySegment key, QueryOptions options, IEdmModel model)
    {
        if (!key.Keys.Any(k => IsAlias(k.Value))) return key;
        var type = (IEdmEntityType)key.EdmType;
        var resolved = new List<KeyValuePair<string, object>>();
        foreach (var (name, value) in key.Keys)
        {
            if (!IsAlias(value)) { resolved.Add(new(name, value)); continue; }
            var alias = value.GetType().GetProperty("Alias", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(value) as string
                ?? throw ODataRequestException.BadRequest("Give the key as a literal in the path, e.g. (5) or ('B1').");
            var property = type.Key().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            resolved.Add(new(name, Literal(alias, options[alias], property.Type, model)));
        }
        return new KeySegment(resolved, type, key.NavigationSource);
    }

    private static bool IsAlias(object? value) => value?.GetType().Name == AliasTokenType;

    /// <summary>The literal converter reads the first token and ignores the rest (<c>1 or 1 eq 1</c> would be 1),
    /// so anything but one token, or one quoted string, is refused first.</summary>
    private static bool IsSingleToken(string text)
    {
        if (text.StartsWith('\'') || text.Length > 1 && text[1] == '\'') // 'text', or a prefixed form such as x'..'
        {
            var open = text.IndexOf('\'');
            var inner = text[(open + 1)..^1];
            return text.EndsWith('\'') && text.Length > open + 1 && !inner.Replace("''", "").Contains('\'');
        }
        return !text.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',');
    }

    private static object Literal(string alias, string? text, IEdmTypeReference type, IEdmModel model)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw ODataRequestException.BadRequest($"The key uses the parameter alias {alias}, but the query gives no value for it (add ?{alias}=...).", alias);
        if (text.StartsWith('@'))
            throw ODataRequestException.BadRequest($"The value of {alias} must be a literal, not another alias.", alias);
        object? value = null;
        if (IsSingleToken(text.Trim()))
        try
        {
            value = ODataUriUtils.ConvertFromUriLiteral(text, ODataVersion.V4, model, type);
        }
        catch (Exception e) when (e is ODataException or FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            value = null;
        }
        if (value is null or ODataNullValue || value is ConstantNode or QueryNode)
            throw ODataRequestException.BadRequest($"The value of {alias} is not a literal of the key's type {type.FullName()}.", alias);
        return value;
    }
}
