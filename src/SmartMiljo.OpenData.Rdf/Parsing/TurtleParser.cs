using System.Globalization;
using System.Text;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>
/// A streaming Turtle 1.1 parser (N-Triples is a subset, so it reads both): @prefix/@base and SPARQL-style
/// PREFIX/BASE, prefixed names with escapes, all string forms, numbers, booleans, blank-node property
/// lists and collections. Errors carry line and column.
/// Longer than our usual file: it is one recursive-descent grammar, a method per production of the
/// Turtle grammar, and reads best whole; split, the productions would call each other across files.
/// </summary>
public sealed class TurtleParser
{
    private readonly CharReader _in;
    private readonly Action<Triple> _emit;
    private readonly NamespaceMap? _namespaces;
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly BlankNodeScope _blanks;
    private readonly RdfParseLimits _limits;
    private string? _base;
    private int _depth;

    public TurtleParser(TextReader reader, Action<Triple> emit, string? baseIri = null, NamespaceMap? namespaces = null, BlankNodeScope? blankNodes = null,
        RdfParseLimits? limits = null)
    {
        _in = new CharReader(reader);
        _limits = limits ?? RdfParseLimits.Default;
        _emit = emit;
        _base = baseIri;
        _namespaces = namespaces;
        _blanks = blankNodes ?? new BlankNodeScope();
    }

    public void Parse()
    {
        while (true)
        {
            SkipWhitespace();
            int c = _in.Peek();
            if (c == CharReader.Eof) return;
            if (c == '@') Directive();
            else if (IsKeyword("PREFIX") || IsKeyword("BASE")) SparqlDirective();
            else
            {
                Triples();
                SkipWhitespace();
                Expect('.');
            }
        }
    }

    // ------------------------------------------------------------------ directives

    private void Directive()
    {
        _in.Read();
        var name = ReadWhile(char.IsAsciiLetter);
        SkipWhitespace();
        if (name == "prefix") PrefixDeclaration();
        else if (name == "base") _base = ResolveIri(ReadIriRef());
        else throw Error($"unknown directive @{name}");
        SkipWhitespace();
        Expect('.');
    }

    private void SparqlDirective()
    {
        var name = ReadWhile(char.IsAsciiLetter).ToUpperInvariant();
        SkipWhitespace();
        if (name == "PREFIX") PrefixDeclaration();
        else _base = ResolveIri(ReadIriRef());
    }

    private bool IsKeyword(string keyword)
    {
        for (int i = 0; i < keyword.Length; i++)
            if (char.ToUpperInvariant((char)Math.Max(_in.Peek(i), 0)) != keyword[i]) return false;
        int after = _in.Peek(keyword.Length);
        return after is ' ' or '\t' or '\r' or '\n';
    }

    private void PrefixDeclaration()
    {
        var prefix = ReadPrefixName();
        Expect(':');
        SkipWhitespace();
        var ns = ResolveIri(ReadIriRef());
        _prefixes[prefix] = ns;
        if (_namespaces is not null && prefix.Length > 0 && NamespaceMap.IsSafePrefix(prefix) && Iri.IsValid(ns)) _namespaces.Add(prefix, ns);
    }

    private string ReadPrefixName()
    {
        var sb = new StringBuilder();
        while (true)
        {
            int c = _in.Peek();
            if (c == ':' || c == CharReader.Eof || char.IsWhiteSpace((char)c)) break;
            sb.Append((char)_in.Read());
        }
        var prefix = sb.ToString();
        if (prefix.EndsWith('.')) throw Error($"prefix '{prefix}' ends with '.'");
        return prefix;
    }

    // ------------------------------------------------------------------ triples

    private void Triples()
    {
        int c = _in.Peek();
        if (c == '[')
        {
            var subject = BlankNodePropertyList();
            SkipWhitespace();
            if (_in.Peek() != '.') PredicateObjectList(subject);
            return;
        }
        RdfResource s = c switch
        {
            '(' => Collection(),
            '_' => BlankNodeLabel(),
            _ => ReadIri(),
        };
        SkipWhitespace();
        PredicateObjectList(s);
    }

    private void PredicateObjectList(RdfResource subject)
    {
        while (true)
        {
            SkipWhitespace();
            var predicate = Verb();
            ObjectList(subject, predicate);
            SkipWhitespace();
            if (_in.Peek() != ';') return;
            while (_in.Peek() == ';')
            {
                _in.Read();
                SkipWhitespace();
            }
            int c = _in.Peek();
            if (c is '.' or ']' or CharReader.Eof) return;
        }
    }

    private Iri Verb()
    {
        if (_in.Peek() == 'a')
        {
            int next = _in.Peek(1);
            if (next == CharReader.Eof || char.IsWhiteSpace((char)next) || next is '<' or '[' or '"' or '\'' or '(' or '_' or '#')
            {
                _in.Read();
                return Vocab.Rdf.Type;
            }
        }
        return ReadIri();
    }

    private void ObjectList(RdfResource subject, Iri predicate)
    {
        while (true)
        {
            SkipWhitespace();
            var obj = Object();
            _emit(new Triple(subject, predicate, obj));
            SkipWhitespace();
            if (_in.Peek() != ',') return;
            _in.Read();
        }
    }

    private RdfTerm Object()
    {
        int c = _in.Peek();
        switch (c)
        {
            case '[': return BlankNodePropertyList();
            case '(': return Collection();
            case '_': return BlankNodeLabel();
            case '"' or '\'': return StringLiteral();
            case '<': return ReadIri();
        }
        if (c is '+' or '-' or '.' || (c >= '0' && c <= '9')) return NumericLiteral();
        if (StartsWithWord("true")) { _in.Skip(4); return Literal.Boolean(true); }
        if (StartsWithWord("false")) { _in.Skip(5); return Literal.Boolean(false); }
        if (c == CharReader.Eof) throw Error("unexpected end of input, expected an object");
        return ReadIri();
    }

    private bool StartsWithWord(string word)
    {
        if (!_in.StartsWith(word)) return false;
        int after = _in.Peek(word.Length);
        return after == CharReader.Eof || !(IsPnChars(after) || after == ':');
    }

    private RdfResource BlankNodePropertyList()
    {
        Enter();
        Expect('[');
        var node = _blanks.Fresh();
        SkipWhitespace();
        if (_in.Peek() == ']') { _in.Read(); _depth--; return node; }
        PredicateObjectList(node);
        SkipWhitespace();
        Expect(']');
        _depth--;
        return node;
    }

    /// <summary>[ … ] and ( … ) recurse; the depth is bounded so that hostile nesting ends in an error, not a stack overflow.</summary>
    private void Enter()
    {
        if (++_depth > _limits.MaxDepth) throw _limits.TooDeep("Turtle", $" (at line {_in.Line}, column {_in.Column})");
    }

    private RdfResource Collection()
    {
        Enter();
        Expect('(');
        var items = new List<RdfTerm>();
        while (true)
        {
            SkipWhitespace();
            if (_in.Peek() == ')') { _in.Read(); break; }
            if (_in.Peek() == CharReader.Eof) throw Error("unterminated collection");
            items.Add(Object());
        }
        _depth--;
        if (items.Count == 0) return Vocab.Rdf.Nil;
        var head = _blanks.Fresh();
        var node = head;
        for (int i = 0; i < items.Count; i++)
        {
            _emit(new Triple(node, Vocab.Rdf.First, items[i]));
            if (i == items.Count - 1) _emit(new Triple(node, Vocab.Rdf.Rest, Vocab.Rdf.Nil));
            else
            {
                var next = _blanks.Fresh();
                _emit(new Triple(node, Vocab.Rdf.Rest, next));
                node = next;
            }
        }
        return head;
    }

    private BlankNode BlankNodeLabel()
    {
        Expect('_');
        Expect(':');
        var sb = new StringBuilder();
        int first = _in.Peek();
        if (!(IsPnCharsU(first) || char.IsAsciiDigit((char)Math.Max(first, 0)))) throw Error("invalid blank node label");
        while (true)
        {
            int c = _in.Peek();
            if (IsPnChars(c)) sb.Append((char)_in.Read());
            else if (c == '.' && IsPnChars(_in.Peek(1))) sb.Append((char)_in.Read());
            else break;
        }
        return _blanks.Named(sb.ToString());
    }

    // ------------------------------------------------------------------ IRIs

    private Iri ReadIri()
    {
        if (_in.Peek() == '<') return MakeIri(ResolveIri(ReadIriRef()));
        return MakeIri(PrefixedName());
    }

    private Iri MakeIri(string value)
    {
        var problem = Iri.Validate(value);
        if (problem is not null) throw Error($"invalid IRI <{value}>: {problem}");
        return Iri.Create(value);
    }

    private string ResolveIri(string reference)
    {
        if (Iri.IsValid(reference)) return reference;
        try
        {
            return IriResolver.Resolve(_base, reference);
        }
        catch (RdfException e)
        {
            throw Error(e.Message);
        }
    }

    private string ReadIriRef()
    {
        Expect('<');
        var sb = new StringBuilder();
        while (true)
        {
            int c = _in.Read();
            if (c == '>') return sb.ToString();
            if (c == CharReader.Eof || c == '\n') throw Error("unterminated IRI");
            if (c == '\\')
            {
                int e = _in.Read();
                if (e == 'u') sb.Append(ReadHexCodePoint(4));
                else if (e == 'U') sb.Append(ReadHexCodePoint(8));
                else throw Error("only \\u and \\U escapes are allowed in IRIs");
            }
            else if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
                throw Error($"character U+{c:X4} is not allowed in an IRI");
            else sb.Append((char)c);
        }
    }

    private string PrefixedName()
    {
        var prefix = new StringBuilder();
        while (true)
        {
            int c = _in.Peek();
            if (c == ':') break;
            if (c == CharReader.Eof || !(IsPnChars(c) || c == '.')) throw Error(c == CharReader.Eof ? "unexpected end of input" : $"unexpected '{(char)c}'");
            prefix.Append((char)_in.Read());
        }
        _in.Read(); // ':'
        if (!_prefixes.TryGetValue(prefix.ToString(), out var ns)) throw Error($"undeclared prefix '{prefix}:'");

        var local = new StringBuilder();
        bool first = true;
        while (true)
        {
            int c = _in.Peek();
            if (c == '\\')
            {
                int e = _in.Peek(1);
                if (e != CharReader.Eof && "_~.-!$&'()*+,;=/?#@%".Contains((char)e)) { _in.Skip(2); local.Append((char)e); first = false; continue; }
                throw Error("invalid escape in local name");
            }
            if (c == '%')
            {
                if (!char.IsAsciiHexDigit((char)Math.Max(_in.Peek(1), 0)) || !char.IsAsciiHexDigit((char)Math.Max(_in.Peek(2), 0))) throw Error("invalid % escape in local name");
                local.Append((char)_in.Read()).Append((char)_in.Read()).Append((char)_in.Read());
                first = false;
                continue;
            }
            bool ok = first ? (IsPnCharsU(c) || c == ':' || (c >= '0' && c <= '9')) : (IsPnChars(c) || c == ':');
            if (ok) { local.Append((char)_in.Read()); first = false; continue; }
            // '.' inside a local name, never at its end.
            if (!first && c == '.' && (IsPnChars(_in.Peek(1)) || _in.Peek(1) is ':' or '%' or '\\')) { local.Append((char)_in.Read()); continue; }
            break;
        }
        return ns + local;
    }

    // ------------------------------------------------------------------ literals

    private RdfTerm StringLiteral()
    {
        int startLine = _in.Line, startColumn = _in.Column;
        int quote = _in.Read();
        bool isLong = _in.Peek() == quote && _in.Peek(1) == quote;
        var sb = new StringBuilder();
        if (isLong)
        {
            _in.Skip(2);
            while (true)
            {
                int c = _in.Read();
                if (c == CharReader.Eof) throw Error("unterminated long string", startLine, startColumn);
                if (c == quote && _in.Peek() == quote && _in.Peek(1) == quote)
                {
                    // A run of more than three quotes ends with the last three.
                    _in.Skip(2);
                    while (_in.Peek() == quote) { sb.Append((char)quote); _in.Read(); }
                    break;
                }
                if (c == '\\') sb.Append(Escape());
                else sb.Append((char)c);
            }
        }
        else
        {
            while (true)
            {
                int c = _in.Read();
                if (c == quote) break;
                if (c is CharReader.Eof or '\n' or '\r') throw Error("unterminated string (a line break needs \\n or a \"\"\" long string)", startLine, startColumn);
                if (c == '\\') sb.Append(Escape());
                else sb.Append((char)c);
            }
        }

        var value = sb.ToString();
        if (_in.Peek() == '@')
        {
            _in.Read();
            var tag = ReadWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-');
            if (!Literal.IsValidLanguageTag(tag)) throw Error($"invalid language tag '{tag}'");
            return Literal.LanguageTagged(value, tag);
        }
        if (_in.Peek() == '^' && _in.Peek(1) == '^')
        {
            _in.Skip(2);
            var datatype = ReadIri();
            if (datatype.Equals(Vocab.Rdf.LangString)) throw Error("rdf:langString needs a language tag");
            return Literal.Typed(value, datatype);
        }
        return Literal.Plain(value);
    }

    private string Escape()
    {
        int e = _in.Read();
        return e switch
        {
            't' => "\t", 'b' => "\b", 'n' => "\n", 'r' => "\r", 'f' => "\f",
            '"' => "\"", '\'' => "'", '\\' => "\\",
            'u' => ReadHexCodePoint(4),
            'U' => ReadHexCodePoint(8),
            _ => throw Error($"invalid escape '\\{(e == CharReader.Eof ? ' ' : (char)e)}'"),
        };
    }

    private string ReadHexCodePoint(int digits)
    {
        int value = 0;
        for (int i = 0; i < digits; i++)
        {
            int c = _in.Read();
            if (c == CharReader.Eof || !char.IsAsciiHexDigit((char)c)) throw Error("invalid \\u escape");
            value = value * 16 + Convert.ToInt32(((char)c).ToString(), 16);
        }
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) throw Error($"invalid code point U+{value:X}");
        return char.ConvertFromUtf32(value);
    }

    private Literal NumericLiteral()
    {
        var sb = new StringBuilder();
        if (_in.Peek() is '+' or '-') sb.Append((char)_in.Read());
        sb.Append(ReadWhile(char.IsAsciiDigit));
        bool isDecimal = false, isDouble = false;
        if (_in.Peek() == '.' && char.IsAsciiDigit((char)Math.Max(_in.Peek(1), 0)))
        {
            isDecimal = true;
            sb.Append((char)_in.Read()).Append(ReadWhile(char.IsAsciiDigit));
        }
        if (_in.Peek() is 'e' or 'E')
        {
            isDouble = true;
            sb.Append((char)_in.Read());
            if (_in.Peek() is '+' or '-') sb.Append((char)_in.Read());
            var exponent = ReadWhile(char.IsAsciiDigit);
            if (exponent.Length == 0) throw Error("missing exponent");
            sb.Append(exponent);
        }
        var text = sb.ToString();
        if (text.Length == 0 || text is "+" or "-" || !text.Any(char.IsAsciiDigit)) throw Error($"invalid number '{text}'");
        return Literal.Typed(text, isDouble ? Vocab.Xsd.Double : isDecimal ? Vocab.Xsd.Decimal : Vocab.Xsd.Integer);
    }

    // ------------------------------------------------------------------ lexing helpers

    private void SkipWhitespace()
    {
        while (true)
        {
            int c = _in.Peek();
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF') _in.Read();
            else if (c == '#') { while (_in.Peek() is not ('\n' or CharReader.Eof)) _in.Read(); }
            else return;
        }
    }

    private void Expect(char expected)
    {
        int c = _in.Peek();
        if (c != expected) throw Error(c == CharReader.Eof ? $"unexpected end of input, expected '{expected}'" : $"expected '{expected}' but found '{(char)c}'");
        _in.Read();
    }

    private string ReadWhile(Func<char, bool> predicate)
    {
        var sb = new StringBuilder();
        while (_in.Peek() is var c and not CharReader.Eof && predicate((char)c)) sb.Append((char)_in.Read());
        return sb.ToString();
    }

    private static bool IsPnCharsBase(int c) =>
        c != CharReader.Eof && (char.IsAsciiLetter((char)c)
            || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D)
            || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF)
            || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD)
            || char.IsSurrogate((char)c));

    private static bool IsPnCharsU(int c) => IsPnCharsBase(c) || c == '_';

    private static bool IsPnChars(int c) =>
        IsPnCharsU(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);

    private RdfException Error(string message) => Error(message, _in.Line, _in.Column);

    private static RdfException Error(string message, int line, int column) => new($"Turtle syntax error at line {line}, column {column}: {message}.");
}

/// <summary>
/// Gives each parsed document its own blank nodes: labels are document-scoped in RDF, so two documents
/// loaded into one graph must not share nodes because they happen to share a label.
/// </summary>
public sealed class BlankNodeScope
{
    private static long _documents;
    private readonly string _prefix = "d" + Interlocked.Increment(ref _documents).ToString(CultureInfo.InvariantCulture) + "_";
    private readonly Dictionary<string, BlankNode> _named = new(StringComparer.Ordinal);
    private long _fresh;

    public BlankNode Named(string label)
    {
        if (!_named.TryGetValue(label, out var node)) _named[label] = node = new BlankNode(_prefix + "n" + label);
        return node;
    }

    public BlankNode Fresh() => new(_prefix + "a" + (++_fresh).ToString(CultureInfo.InvariantCulture));
}
