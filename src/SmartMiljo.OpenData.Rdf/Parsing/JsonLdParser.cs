using System.Globalization;
using System.Text.Json;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>
/// JSON-LD reader for the documents catalogues publish: inline contexts (prefixes, terms, @vocab, @base,
/// @language, type coercion, @container @list/@language), @graph, nested node objects, value objects and
/// lists. Remote contexts cannot be fetched offline and give a clear error. Not a full JSON-LD 1.1 processor.
/// </summary>
public sealed class JsonLdParser
{
    private sealed record TermDefinition(string Iri, string? TypeMapping, string? Language, bool LanguageSet, string? Container);

    private sealed class Context
    {
        public Dictionary<string, TermDefinition> Terms { get; init; } = new(StringComparer.Ordinal);
        public string? Vocab { get; set; }
        public string? Base { get; set; }
        public string? Language { get; set; }

        public Context Clone() => new() { Terms = new(Terms, StringComparer.Ordinal), Vocab = Vocab, Base = Base, Language = Language };
    }

    private readonly Stream _stream;
    private readonly Action<Triple> _emit;
    private readonly string? _baseIri;
    private readonly NamespaceMap? _namespaces;
    private readonly BlankNodeScope _blanks;
    private readonly RdfParseLimits _limits;
    private long _contextEntriesCopied;

    public JsonLdParser(Stream stream, Action<Triple> emit, string? baseIri = null, NamespaceMap? namespaces = null, BlankNodeScope? blankNodes = null,
        RdfParseLimits? limits = null)
    {
        _stream = stream;
        _limits = limits ?? RdfParseLimits.Default;
        _emit = emit;
        _baseIri = baseIri;
        _namespaces = namespaces;
        _blanks = blankNodes ?? new BlankNodeScope();
    }

    public void Parse()
    {
        JsonDocument document;
        try
        {
            // The JSON reader enforces the depth: the node/value recursion below follows the JSON nesting.
            document = JsonDocument.Parse(_stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = _limits.MaxDepth });
        }
        catch (JsonException e) when (e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw _limits.TooDeep("JSON-LD", $" (line {e.LineNumber + 1})");
        }
        catch (JsonException e)
        {
            throw new RdfException($"JSON-LD is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (document)
        {
            var context = new Context { Base = _baseIri };
            TopLevel(document.RootElement, context);
        }
    }

    private void TopLevel(JsonElement element, Context context)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) TopLevel(item, context);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object) throw new RdfException("JSON-LD: the document must be an object or an array of objects.");
        Node(element, context);
    }

    /// <summary>Processes a node object and returns its subject.</summary>
    private RdfResource Node(JsonElement element, Context context)
    {
        if (element.TryGetProperty("@context", out var local)) context = ProcessContext(local, context);

        RdfResource subject = element.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String
            ? Resource(id.GetString()!, context, vocab: false)
            : _blanks.Fresh();

        foreach (var property in element.EnumerateObject())
        {
            var key = property.Name;
            switch (key)
            {
                case "@context" or "@id" or "@index" or "@reverse" or "@included" or "@nest":
                    continue;
                case "@graph":
                    // Named graphs are merged into the default graph: a catalogue is one graph.
                    foreach (var item in AsArray(property.Value))
                        if (item.ValueKind == JsonValueKind.Object) Node(item, context);
                    continue;
                case "@type":
                    foreach (var t in AsArray(property.Value))
                        if (t.ValueKind == JsonValueKind.String) _emit(new Triple(subject, Vocab.Rdf.Type, (Iri)Resource(t.GetString()!, context, vocab: true, requireIri: true)));
                    continue;
            }
            var term = Expand(key, context, out var definition);
            if (term is null || term.StartsWith('@') || !Iri.TryCreate(term, out var predicate)) continue; // unmapped keys are dropped, as JSON-LD says
            if (definition?.Container == "@list" && property.Value.ValueKind == JsonValueKind.Array)
            {
                _emit(new Triple(subject, predicate, List(property.Value, context, definition)));
                continue;
            }
            foreach (var value in AsArray(property.Value))
            {
                if (definition?.Container == "@language" && value.ValueKind == JsonValueKind.Object && !value.TryGetProperty("@value", out _))
                {
                    foreach (var entry in value.EnumerateObject())
                        foreach (var text in AsArray(entry.Value))
                            if (text.ValueKind == JsonValueKind.String)
                                _emit(new Triple(subject, predicate, entry.Name == "@none" ? Literal.Plain(text.GetString()!) : Literal.LanguageTagged(text.GetString()!, entry.Name)));
                    continue;
                }
                var obj = Value(value, context, definition);
                if (obj is not null) _emit(new Triple(subject, predicate, obj));
            }
        }
        return subject;
    }

    private RdfTerm? Value(JsonElement value, Context context, TermDefinition? definition)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                var s = value.GetString()!;
                if (definition?.TypeMapping is "@id") return Resource(s, context, vocab: false);
                if (definition?.TypeMapping is "@vocab") return Resource(s, context, vocab: true);
                if (definition?.TypeMapping is { } dt && !dt.StartsWith('@')) return Literal.Typed(s, Iri.Create(dt));
                var language = definition is { LanguageSet: true } ? definition.Language : context.Language;
                return language is null ? Literal.Plain(s) : Literal.LanguageTagged(s, language);
            case JsonValueKind.True or JsonValueKind.False:
                return Literal.Boolean(value.GetBoolean());
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (definition?.TypeMapping is { } numType && !numType.StartsWith('@')) return Literal.Typed(raw, Iri.Create(numType));
                if (!raw.Contains('.') && !raw.Contains('e') && !raw.Contains('E')) return Literal.Typed(raw, Vocab.Xsd.Integer);
                return Literal.Typed(value.GetDouble().ToString("0.0###############E0", CultureInfo.InvariantCulture), Vocab.Xsd.Double);
            case JsonValueKind.Object:
                if (value.TryGetProperty("@value", out var v))
                {
                    if (v.ValueKind == JsonValueKind.Null) return null;
                    var lexical = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
                    if (value.TryGetProperty("@language", out var lang) && lang.ValueKind == JsonValueKind.String)
                        return Literal.LanguageTagged(lexical, lang.GetString()!);
                    if (value.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String)
                    {
                        var t = type.GetString()!;
                        return t == "@json" ? Literal.Typed(v.GetRawText(), Vocab.Rdf.JsonLiteral) : Literal.Typed(lexical, (Iri)Resource(t, context, vocab: true, requireIri: true));
                    }
                    return v.ValueKind switch
                    {
                        JsonValueKind.True or JsonValueKind.False => Literal.Boolean(v.GetBoolean()),
                        JsonValueKind.Number => Value(v, context, null),
                        _ => Literal.Plain(lexical),
                    };
                }
                if (value.TryGetProperty("@list", out var list)) return List(list, context, definition);
                return Node(value, context);
            default:
                return null;
        }
    }

    private RdfResource List(JsonElement list, Context context, TermDefinition? definition)
    {
        var items = AsArray(list).Select(i => Value(i, context, definition)).Where(i => i is not null).ToList();
        if (items.Count == 0) return Vocab.Rdf.Nil;
        var head = _blanks.Fresh();
        var node = head;
        for (int i = 0; i < items.Count; i++)
        {
            _emit(new Triple(node, Vocab.Rdf.First, items[i]!));
            RdfResource next = i == items.Count - 1 ? Vocab.Rdf.Nil : _blanks.Fresh();
            _emit(new Triple(node, Vocab.Rdf.Rest, next));
            if (next is BlankNode b) node = b;
        }
        return head;
    }

    private Context ProcessContext(JsonElement local, Context active)
    {
        // Every node with its own @context copies the active one: many nodes under a large context would
        // cost time and memory far beyond the document's size, so the copying has a budget.
        _contextEntriesCopied += active.Terms.Count + 1;
        if (_contextEntriesCopied > 50L * _limits.MaxDepth * 1_000)
            throw new RdfException("JSON-LD: too many local @context definitions under a large context; flatten the document or put the context at the top.");
        var result = active.Clone();
        foreach (var item in AsArray(local))
        {
            if (item.ValueKind == JsonValueKind.Null) { result = new Context { Base = _baseIri }; continue; }
            if (item.ValueKind == JsonValueKind.String)
                throw new RdfException($"JSON-LD: the remote context <{item.GetString()}> cannot be loaded offline; inline the context.");
            if (item.ValueKind != JsonValueKind.Object) throw new RdfException("JSON-LD: invalid @context.");
            foreach (var entry in item.EnumerateObject())
            {
                switch (entry.Name)
                {
                    case "@vocab": result.Vocab = entry.Value.ValueKind == JsonValueKind.String ? ExpandIri(entry.Value.GetString()!, result) : null; continue;
                    case "@base": result.Base = entry.Value.ValueKind == JsonValueKind.String ? IriResolver.Resolve(result.Base, entry.Value.GetString()!) : null; continue;
                    case "@language": result.Language = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null; continue;
                    case "@version" or "@protected" or "@propagate" or "@import" or "@direction": continue;
                }
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    var iri = ExpandIri(entry.Value.GetString()!, result);
                    result.Terms[entry.Name] = new TermDefinition(iri, null, null, false, null);
                    if (_namespaces is not null && (iri.EndsWith('/') || iri.EndsWith('#')) && NamespaceMap.IsSafePrefix(entry.Name) && Iri.IsValid(iri))
                        _namespaces.Add(entry.Name, iri);
                }
                else if (entry.Value.ValueKind == JsonValueKind.Object)
                {
                    var d = entry.Value;
                    string iri = d.TryGetProperty("@id", out var idValue) && idValue.ValueKind == JsonValueKind.String
                        ? ExpandIri(idValue.GetString()!, result)
                        : ExpandIri(entry.Name, result);
                    string? type = d.TryGetProperty("@type", out var t) && t.ValueKind == JsonValueKind.String
                        ? (t.GetString()!.StartsWith('@') ? t.GetString() : ExpandIri(t.GetString()!, result)) : null;
                    bool languageSet = d.TryGetProperty("@language", out var l);
                    string? container = d.TryGetProperty("@container", out var c) ? AsArray(c).Select(x => x.GetString()).FirstOrDefault(x => x is "@list" or "@language") : null;
                    result.Terms[entry.Name] = new TermDefinition(iri, type, languageSet && l.ValueKind == JsonValueKind.String ? l.GetString() : null, languageSet, container);
                }
                else if (entry.Value.ValueKind == JsonValueKind.Null)
                {
                    result.Terms.Remove(entry.Name);
                }
            }
        }
        return result;
    }

    private static string? Expand(string key, Context context, out TermDefinition? definition)
    {
        if (context.Terms.TryGetValue(key, out definition)) return definition.Iri;
        definition = null;
        if (key.StartsWith('@')) return key;
        int colon = key.IndexOf(':');
        if (colon > 0)
        {
            var prefix = key[..colon];
            var suffix = key[(colon + 1)..];
            if (!suffix.StartsWith("//", StringComparison.Ordinal) && context.Terms.TryGetValue(prefix, out var p)) return p.Iri + suffix;
            return key; // an absolute IRI
        }
        return context.Vocab is null ? null : context.Vocab + key;
    }

    private static string ExpandIri(string value, Context context) => Expand(value, context, out _) is { } e && e.Contains(':') ? e : value;

    private RdfResource Resource(string value, Context context, bool vocab, bool requireIri = false)
    {
        if (value.StartsWith("_:", StringComparison.Ordinal))
        {
            if (requireIri) throw new RdfException($"JSON-LD: a blank node '{value}' cannot be a type or datatype.");
            return _blanks.Named(value[2..]);
        }
        string expanded;
        if (vocab && context.Terms.TryGetValue(value, out var term)) expanded = term.Iri;
        else
        {
            int colon = value.IndexOf(':');
            if (colon > 0 && context.Terms.TryGetValue(value[..colon], out var p) && !value[(colon + 1)..].StartsWith("//", StringComparison.Ordinal))
                expanded = p.Iri + value[(colon + 1)..];
            else if (Iri.IsValid(value)) expanded = value;
            else if (vocab && context.Vocab is not null) expanded = context.Vocab + value;
            else expanded = IriResolver.Resolve(context.Base, value);
        }
        return Iri.TryCreate(expanded, out var iri) ? iri : throw new RdfException($"JSON-LD: '{value}' does not expand to an absolute IRI.");
    }

    private static IEnumerable<JsonElement> AsArray(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [element];
}
