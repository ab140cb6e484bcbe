using System.Text.RegularExpressions;

namespace SmartMiljo.OpenData.Application.Credentials;

/// <summary>
/// Hides the secrets a source address may carry: the password of <c>user:password@</c> and the values of
/// query parameters named like keys or tokens. <c>https://user:pass@host/x?apikey=1&amp;page=2</c> is shown
/// as <c>https://user:***@host/x?apikey=***&amp;page=2</c>. Works on any text, so error messages and
/// reports that quote an address are masked too.
/// </summary>
public static partial class CredentialMask
{
    public const string Hidden = "***";

    // Parameter names ending like those that carry secrets in the wild (ArcGIS token, CKAN/ESRI apikey, Azure SAS sig, OAuth...).
    [GeneratedRegex(@"(?<=[?&;][A-Za-z0-9_.\-]*(?:key|token|secret|password|passwd|pwd|sig|signature|auth|authorization|credential|session|sessionid)=)[^&#\s""'<>]*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    // user:password@ right after a scheme.
    [GeneratedRegex(@"(?<=[A-Za-z][A-Za-z0-9+.\-]*://[^/?#@\s:""'<>]*:)[^/?#@\s""'<>]+(?=@)", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    // A user name without password is often the key itself (https://APIKEY@host).
    [GeneratedRegex(@"(?<=[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s:""'<>]+(?=@)", RegexOptions.CultureInvariant)]
    private static partial Regex BareUserInfo();

    /// <summary>The text with every secret in the addresses it quotes replaced by <see cref="Hidden"/>.</summary>
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text) || (!text.Contains('@') && !text.Contains('='))) return text;
        var masked = UserInfoPassword().Replace(text, Hidden);
        masked = BareUserInfo().Replace(masked, Hidden);
        return SecretParameter().Replace(masked, Hidden);
    }

    public static string? MaskOrNull(string? text) => text is null ? null : Mask(text);

    /// <summary>A JSON document (a run report) with every string in it masked.</summary>
    public static System.Text.Json.JsonElement MaskJson(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json);
        MaskStrings(node);
        return System.Text.Json.JsonSerializer.SerializeToElement(node);
    }

    private static void MaskStrings(System.Text.Json.Nodes.JsonNode? node)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                foreach (var (key, child) in o.ToList())
                    if (child is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text)) o[key] = Mask(text);
                    else MaskStrings(child);
                break;
            case System.Text.Json.Nodes.JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text)) a[i] = Mask(text);
                    else MaskStrings(a[i]);
                break;
        }
    }

    /// <summary>True when the address holds something <see cref="Mask"/> would hide.</summary>
    public static bool HasSecrets(string? text) => text is not null && Mask(text) != text;
}
