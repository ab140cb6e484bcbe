using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace SmartMiljo.OpenData.Rdf.Parsing;

/// <summary>
/// RDF/XML parser. The document is read with an <see cref="XmlReader"/> and each top-level node element
/// is materialised on its own, so memory follows the largest record, not the document. Supports typed
/// node elements, property attributes, rdf:about/ID/nodeID/resource/datatype, parseType Resource, Literal
/// and Collection, rdf:li, xml:lang and xml:base. DTDs are parsed for entities (OWL files use them) but never
/// fetched, and entity expansion is capped.
/// </summary>
public sealed class RdfXmlParser
{
    private static readonly XNamespace RdfNs = Vocab.Rdf.Namespace;
    private static readonly XName About = RdfNs + "about", Id = RdfNs + "ID", NodeId = RdfNs + "nodeID", Resource = RdfNs + "resource",
        Datatype = RdfNs + "datatype", ParseType = RdfNs + "parseType", Description = RdfNs + "Description", Li = RdfNs + "li",
        RdfRoot = RdfNs + "RDF", TypeAttribute = RdfNs + "type", BagId = RdfNs + "bagID", AboutEach = RdfNs + "aboutEach";
    private static readonly XName XmlLang = XNamespace.Xml + "lang", XmlBase = XNamespace.Xml + "base";
    private static readonly Iri RdfStatement = Iri.Create(Vocab.Rdf.Namespace + "Statement");
    private static readonly Iri RdfSubject = Iri.Create(Vocab.Rdf.Namespace + "subject");
    private static readonly Iri RdfPredicate = Iri.Create(Vocab.Rdf.Namespace + "predicate");
    private static readonly Iri RdfObject = Iri.Create(Vocab.Rdf.Namespace + "object");

    private readonly TextReader _reader;
    private readonly Action<Triple> _emit;
    private readonly string? _documentBase;
    private readonly NamespaceMap? _namespaces;
    private readonly BlankNodeScope _blanks;
    private readonly RdfParseLimits _limits;

    public RdfXmlParser(TextReader reader, Action<Triple> emit, string? baseIri = null, NamespaceMap? namespaces = null, BlankNodeScope? blankNodes = null,
        RdfParseLimits? limits = null)
    {
        _reader = reader;
        _limits = limits ?? RdfParseLimits.Default;
        _emit = emit;
        _documentBase = baseIri;
        _namespaces = namespaces;
        _blanks = blankNodes ?? new BlankNodeScope();
    }

    public void Parse()
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersFromEntities = 10_000_000,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var xml = XmlReader.Create(_reader, settings);
            if (xml.MoveToContent() != XmlNodeType.Element) throw new RdfException("RDF/XML syntax error: no root element.");
            if (xml.NamespaceURI == RdfNs.NamespaceName && xml.LocalName == "RDF")
            {
                string? baseIri = ResolveBase(_documentBase, xml.GetAttribute("base", XNamespace.Xml.NamespaceName));
                string? lang = xml.GetAttribute("lang", XNamespace.Xml.NamespaceName);
                RecordNamespaces(xml);
                if (xml.IsEmptyElement) return;
                xml.Read();
                while (!xml.EOF)
                {
                    if (xml.NodeType == XmlNodeType.Element)
                    {
                        var element = (XElement)XNode.ReadFrom(xml);
                        EnsureDepth(element);
                        NodeElement(element, baseIri, NullIfEmpty(lang));
                    }
                    else if (xml.NodeType == XmlNodeType.EndElement) break;
                    else if (xml.NodeType == XmlNodeType.Text && !string.IsNullOrWhiteSpace(xml.Value))
                        throw new RdfException($"RDF/XML syntax error: text directly inside rdf:RDF ('{xml.Value.Trim()}').");
                    else xml.Read();
                }
            }
            else
            {
                // A single node element may stand without rdf:RDF.
                var element = (XElement)XNode.ReadFrom(xml);
                EnsureDepth(element);
                NodeElement(element, _documentBase, null);
            }
        }
        catch (XmlException e)
        {
            throw new RdfException($"RDF/XML is not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reading a record into an <see cref="XElement"/> does not recurse, but mapping it to triples does (node
    /// and property elements alternate): hostile nesting is refused here, measured without recursion.
    /// </summary>
    private void EnsureDepth(XElement record)
    {
        var pending = new Stack<(XElement Element, int Depth)>();
        pending.Push((record, 1));
        while (pending.TryPop(out var next))
        {
            if (next.Depth > _limits.MaxDepth) throw _limits.TooDeep("RDF/XML", $" (element <{next.Element.Name.LocalName}>)");
            foreach (var child in next.Element.Elements()) pending.Push((child, next.Depth + 1));
        }
    }

    private void RecordNamespaces(XmlReader xml)
    {
        if (_namespaces is null || !xml.MoveToFirstAttribute()) return;
        do
        {
            if (xml.Prefix == "xmlns" && NamespaceMap.IsSafePrefix(xml.LocalName) && Iri.IsValid(xml.Value))
                _namespaces.Add(xml.LocalName, xml.Value);
        } while (xml.MoveToNextAttribute());
        xml.MoveToElement();
    }

    private RdfResource NodeElement(XElement element, string? baseIri, string? lang)
    {
        baseIri = ResolveBase(baseIri, (string?)element.Attribute(XmlBase));
        lang = LangOf(element, lang);

        RdfResource subject;
        if (element.Attribute(About) is { } about) subject = MakeIri(Resolve(baseIri, about.Value), element);
        else if (element.Attribute(Id) is { } id) subject = MakeIri(Resolve(baseIri, "#" + id.Value), element);
        else if (element.Attribute(NodeId) is { } nodeId) subject = _blanks.Named(nodeId.Value);
        else subject = _blanks.Fresh();

        if (element.Name != Description) _emit(new Triple(subject, Vocab.Rdf.Type, ElementIri(element)));
        PropertyAttributes(element, subject, baseIri, lang);

        int li = 0;
        foreach (var child in element.Elements()) PropertyElement(child, subject, baseIri, lang, ref li);
        foreach (var text in element.Nodes().OfType<XText>())
            if (!string.IsNullOrWhiteSpace(text.Value)) throw Error(element, $"unexpected text '{text.Value.Trim()}' in a node element");
        return subject;
    }

    private void PropertyAttributes(XElement element, RdfResource subject, string? baseIri, string? lang)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration || attribute.Name.Namespace == XNamespace.Xml) continue;
            if (attribute.Name.Namespace == XNamespace.None) continue; // unqualified attributes are not RDF
            if (attribute.Name == About || attribute.Name == Id || attribute.Name == NodeId || attribute.Name == Resource
                || attribute.Name == Datatype || attribute.Name == ParseType || attribute.Name == BagId || attribute.Name == AboutEach) continue;
            var predicate = MakeIri(attribute.Name.NamespaceName + attribute.Name.LocalName, element);
            if (attribute.Name == TypeAttribute) _emit(new Triple(subject, Vocab.Rdf.Type, MakeIri(Resolve(baseIri, attribute.Value), element)));
            else _emit(new Triple(subject, predicate, lang is null ? Literal.Plain(attribute.Value) : Literal.LanguageTagged(attribute.Value, lang)));
        }
    }

    private void PropertyElement(XElement element, RdfResource subject, string? baseIri, string? lang, ref int li)
    {
        baseIri = ResolveBase(baseIri, (string?)element.Attribute(XmlBase));
        lang = LangOf(element, lang);
        var predicate = element.Name == Li
            ? Iri.Create(Vocab.Rdf.Namespace + "_" + (++li).ToString(CultureInfo.InvariantCulture))
            : ElementIri(element);

        RdfTerm obj;
        var parseType = (string?)element.Attribute(ParseType);
        var children = element.Elements().ToList();
        if (parseType == "Resource")
        {
            var node = _blanks.Fresh();
            obj = node;
            _emit(new Triple(subject, predicate, node));
            int innerLi = 0;
            foreach (var child in children) PropertyElement(child, node, baseIri, lang, ref innerLi);
            Reify(element, baseIri, subject, predicate, obj);
            return;
        }
        if (parseType == "Collection")
        {
            var items = children.Select(c => (RdfTerm)NodeElement(c, baseIri, lang)).ToList();
            obj = EmitList(items);
        }
        else if (parseType is not null)
        {
            // parseType="Literal" (and unknown values, as the spec says): the XML content as an XML literal.
            obj = Literal.Typed(string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting))), Vocab.Rdf.XmlLiteral);
        }
        else if (children.Count > 0)
        {
            if (children.Count > 1) throw Error(element, "a property element may contain only one node element");
            obj = NodeElement(children[0], baseIri, lang);
        }
        else if (element.Attribute(Resource) is { } resource)
        {
            var target = MakeIri(Resolve(baseIri, resource.Value), element);
            obj = target;
            PropertyAttributes(element, target, baseIri, lang);
        }
        else if (element.Attribute(NodeId) is { } nodeId)
        {
            var target = _blanks.Named(nodeId.Value);
            obj = target;
            PropertyAttributes(element, target, baseIri, lang);
        }
        else if (HasPropertyAttributes(element))
        {
            var target = _blanks.Fresh();
            obj = target;
            PropertyAttributes(element, target, baseIri, lang);
        }
        else
        {
            var text = element.Value;
            if (element.Attribute(Datatype) is { } datatype)
            {
                var dt = MakeIri(Resolve(baseIri, datatype.Value), element);
                obj = dt.Equals(Vocab.Rdf.LangString) ? throw Error(element, "rdf:langString needs xml:lang") : Literal.Typed(text, dt);
            }
            else obj = lang is null ? Literal.Plain(text) : Literal.LanguageTagged(text, lang);
        }
        _emit(new Triple(subject, predicate, obj));
        Reify(element, baseIri, subject, predicate, obj);
    }

    private void Reify(XElement element, string? baseIri, RdfResource subject, Iri predicate, RdfTerm obj)
    {
        if (element.Attribute(Id) is not { } id) return;
        var statement = MakeIri(Resolve(baseIri, "#" + id.Value), element);
        _emit(new Triple(statement, Vocab.Rdf.Type, RdfStatement));
        _emit(new Triple(statement, RdfSubject, subject));
        _emit(new Triple(statement, RdfPredicate, predicate));
        _emit(new Triple(statement, RdfObject, obj));
    }

    private RdfResource EmitList(List<RdfTerm> items)
    {
        if (items.Count == 0) return Vocab.Rdf.Nil;
        var head = _blanks.Fresh();
        var node = head;
        for (int i = 0; i < items.Count; i++)
        {
            _emit(new Triple(node, Vocab.Rdf.First, items[i]));
            RdfResource next = i == items.Count - 1 ? Vocab.Rdf.Nil : _blanks.Fresh();
            _emit(new Triple(node, Vocab.Rdf.Rest, next));
            if (next is BlankNode b) node = b;
        }
        return head;
    }

    private static bool HasPropertyAttributes(XElement element) => element.Attributes().Any(a =>
        !a.IsNamespaceDeclaration && a.Name.Namespace != XNamespace.Xml && a.Name.Namespace != XNamespace.None
        && a.Name != Id && a.Name != Datatype && a.Name != ParseType && a.Name != BagId);

    private Iri ElementIri(XElement element)
    {
        if (element.Name.Namespace == XNamespace.None) throw Error(element, $"element <{element.Name.LocalName}> has no namespace");
        return MakeIri(element.Name.NamespaceName + element.Name.LocalName, element);
    }

    private static string? LangOf(XElement element, string? inherited) =>
        element.Attribute(XmlLang) is { } l ? NullIfEmpty(l.Value) : inherited;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? ResolveBase(string? current, string? xmlBase) =>
        xmlBase is null ? current : Iri.IsValid(xmlBase) ? xmlBase : IriResolver.Resolve(current, xmlBase);

    private static string Resolve(string? baseIri, string reference)
    {
        if (Iri.IsValid(reference)) return reference;
        if (baseIri is null && reference.StartsWith('#')) throw new RdfException($"RDF/XML: relative reference '{reference}' without a base IRI.");
        // An empty reference means the base document itself (without its fragment).
        return IriResolver.Resolve(baseIri, reference);
    }

    private static Iri MakeIri(string value, XElement element)
    {
        var problem = Iri.Validate(value);
        return problem is null ? Iri.Create(value) : throw Error(element, $"invalid IRI <{value}>: {problem}");
    }

    private static RdfException Error(XElement element, string message)
    {
        var info = (IXmlLineInfo)element;
        var where = info.HasLineInfo() ? $" at line {info.LineNumber}" : "";
        return new RdfException($"RDF/XML syntax error{where} (<{element.Name.LocalName}>): {message}.");
    }
}
