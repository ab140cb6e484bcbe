using System.Globalization;
using System.Text;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>The few HTML pieces the service's pages need, every text encoded.</summary>
public sealed class HtmlPage
{
    private readonly StringBuilder _html = new();

    /// <summary>Encodes markup characters only: Swedish letters stay readable in the page source.</summary>
    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Encode(string text) => Encoder.Encode(text);

    public HtmlPage(string title)
    {
        var t = Encode(title);
        _html.Append("<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(t).Append("</title></head><body><main><h1>").Append(t).Append("</h1>");
    }

    public HtmlPage Paragraph(string? text)
    {
        if (!string.IsNullOrEmpty(text)) _html.Append("<p>").Append(Encode(text)).Append("</p>");
        return this;
    }

    public HtmlPage List(IEnumerable<string> items)
    {
        _html.Append("<ul>");
        foreach (var item in items) _html.Append("<li>").Append(Encode(item)).Append("</li>");
        _html.Append("</ul>");
        return this;
    }

    public HtmlPage Links(IEnumerable<OgcLink> links)
    {
        _html.Append("<ul>");
        foreach (var link in links)
            _html.Append("<li><a rel=\"").Append(Encode(link.Rel)).Append("\" type=\"").Append(Encode(link.Type))
                .Append("\" href=\"").Append(Encode(link.Href)).Append("\">").Append(Encode(link.Title)).Append("</a></li>");
        _html.Append("</ul>");
        return this;
    }

    public HtmlPage Table(IEnumerable<string> header, IEnumerable<string[]> rows)
    {
        _html.Append("<table><thead><tr>");
        foreach (var h in header) _html.Append("<th scope=\"col\">").Append(Encode(h)).Append("</th>");
        _html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td>").Append(Encode(cell)).Append("</td>");
            _html.Append("</tr>");
        }
        _html.Append("</tbody></table>");
        return this;
    }

    public override string ToString() => _html + "</main></body></html>";
}
