using System.Text;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>Resolves relative references against a base IRI (RFC 3986 §5.2), without System.Uri's normalisation.</summary>
public static class IriResolver
{
    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    public static string Resolve(string? baseIri, string reference)
    {
        var r = Split(reference);
        if (r.Scheme is not null) return Recompose(r with { Path = RemoveDotSegments(r.Path) });
        if (string.IsNullOrEmpty(baseIri)) throw new RdfException($"Relative IRI <{reference}> without a base IRI.");
        var b = Split(baseIri);
        string? authority, path, query;
        if (r.Authority is not null)
        {
            authority = r.Authority; path = RemoveDotSegments(r.Path); query = r.Query;
        }
        else
        {
            authority = b.Authority;
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path.StartsWith('/') ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }
        }
        return Recompose(new Parts(b.Scheme, authority, path, query, r.Fragment));
    }

    private static Parts Split(string iri)
    {
        string? scheme = null, authority = null, query = null, fragment = null;
        int i = 0;
        int colon = iri.IndexOf(':');
        if (colon > 0 && char.IsAsciiLetter(iri[0]) && iri[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            scheme = iri[..colon];
            i = colon + 1;
        }
        int hash = iri.IndexOf('#', i);
        string rest = hash >= 0 ? iri[i..hash] : iri[i..];
        if (hash >= 0) fragment = iri[(hash + 1)..];
        int q = rest.IndexOf('?');
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            int slash = rest.IndexOf('/', 2);
            authority = slash >= 0 ? rest[2..slash] : rest[2..];
            rest = slash >= 0 ? rest[slash..] : "";
        }
        return new Parts(scheme, authority, rest, query, fragment);
    }

    private static string Merge(Parts b, string path)
    {
        if (b.Authority is not null && b.Path.Length == 0) return "/" + path;
        int last = b.Path.LastIndexOf('/');
        return last >= 0 ? b.Path[..(last + 1)] + path : path;
    }

    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.')) return path;
        var input = path;
        var output = new StringBuilder();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal)) input = input[3..];
            else if (input.StartsWith("./", StringComparison.Ordinal)) input = input[2..];
            else if (input.StartsWith("/./", StringComparison.Ordinal)) input = input[2..];
            else if (input == "/.") input = "/";
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input.Length == 3 ? "/" : input[3..];
                int last = output.ToString().LastIndexOf('/');
                output.Length = last >= 0 ? last : 0;
            }
            else if (input is "." or "..") input = "";
            else
            {
                int start = input[0] == '/' ? 1 : 0;
                int next = input.IndexOf('/', start);
                if (next < 0) next = input.Length;
                output.Append(input, 0, next);
                input = input[next..];
            }
        }
        return output.ToString();
    }

    private static string Recompose(Parts p)
    {
        var sb = new StringBuilder();
        if (p.Scheme is not null) sb.Append(p.Scheme).Append(':');
        if (p.Authority is not null) sb.Append("//").Append(p.Authority);
        sb.Append(p.Path);
        if (p.Query is not null) sb.Append('?').Append(p.Query);
        if (p.Fragment is not null) sb.Append('#').Append(p.Fragment);
        return sb.ToString();
    }
}
