using SmartMiljo.OpenData.Rdf.Metadata;

namespace SmartMiljo.OpenData.Web.Catalogue;

/// <summary>
/// Which stored values may become links on a page: only absolute http(s) addresses and valid e-mail
/// addresses. Anything else (<c>javascript:</c>, <c>data:</c>, stray text stored before the metadata rules)
/// is shown as text, never as a link.
/// </summary>
public static class SafeLinks
{
    public static bool IsWebLink(string? value) => WebAddressRule.IsValid(value);

    public static bool IsMailLink(string? value) => EmailAddressRule.IsValid(value);
}
