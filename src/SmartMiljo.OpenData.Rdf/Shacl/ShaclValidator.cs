using System.Globalization;
using System.Text.RegularExpressions;
using SmartMiljo.OpenData.Rdf.Parsing;

namespace SmartMiljo.OpenData.Rdf.Shacl;

/// <summary>
/// SHACL Core validator: targets (class incl. rdfs:subClassOf in the data, node, subjectsOf, objectsOf,
/// implicit class targets), all property paths, and the core constraint components (cardinality, value
/// type, value range, string, language, property pair, logical, shape-based, closed, hasValue, in).
/// sh:sparql is not supported (SHACL-SPARQL is not Core). Each instance holds one shapes graph and can
/// validate many data graphs, also concurrently.
/// Longer than our usual file: the core constraint components are one dispatch over the SHACL Core
/// list, each a few lines, and read best side by side against the specification.
/// </summary>
public sealed class ShaclValidator
{
    private const int MaxNestingDepth = 32;
    private static readonly Iri SubClassOf = Vocab.Rdfs.SubClassOf;

    private readonly RdfGraph _shapes;
    private readonly Dictionary<RdfResource, Shape> _compiled = [];
    private readonly List<Shape> _targeted = [];

    /// <summary>A name for the shape set, copied onto each result (e.g. "eu-core", "dcat-ap-se").</summary>
    public string? Name { get; }

    public ShaclValidator(RdfGraph shapes, string? name = null)
    {
        _shapes = shapes ?? throw new ArgumentNullException(nameof(shapes));
        Name = name;
        var roots = new HashSet<RdfResource>();
        foreach (var p in new[] { Sh.TargetClass, Sh.TargetNode, Sh.TargetSubjectsOf, Sh.TargetObjectsOf })
            foreach (var t in shapes.WithPredicate(p)) roots.Add(t.Subject);
        foreach (var s in shapes.InstancesOf(Sh.NodeShape))
            if (shapes.HasType(s, Sh.RdfsClass)) roots.Add(s);
        foreach (var root in roots) _targeted.Add(ShapeFor(root, null));
    }

    /// <summary>Loads shapes from Turtle or RDF/XML files (syntax from the extension).</summary>
    public static ShaclValidator FromFiles(string? name, params string[] files)
    {
        var graph = new RdfGraph();
        foreach (var file in files)
            foreach (var t in RdfParser.LoadFile(file).Triples) graph.Add(t);
        return new ShaclValidator(graph, name);
    }

    public int ShapeCount => _targeted.Count;

    public ShaclReport Validate(RdfGraph data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var run = new Run(this, data);
        foreach (var shape in _targeted)
            foreach (var focus in run.FocusNodes(shape))
                run.ValidateShape(shape, focus, run.Results, 0);
        return new ShaclReport(run.Results);
    }

    // ------------------------------------------------------------------ compiled shapes

    private sealed class Shape
    {
        public required RdfResource Node { get; init; }
        public ShaclPath? Path { get; init; }
        public ShaclSeverity Severity { get; init; }
        public string? Message { get; init; }
        public bool Deactivated { get; init; }
        public required string DisplayName { get; init; }
        public required IReadOnlyList<Triple> Parameters { get; init; }
    }

    private Shape ShapeFor(RdfTerm node, Shape? parent)
    {
        // Nested shapes are compiled on first use, possibly by concurrent validations of one shared validator.
        lock (_compiled) return Compile(node, parent);
    }

    private Shape Compile(RdfTerm node, Shape? parent)
    {
        if (node is not RdfResource r) throw new RdfException($"A shape must be an IRI or blank node, not {node}.");
        if (_compiled.TryGetValue(r, out var existing)) return existing;
        var path = _shapes.Object(r, Sh.Path) is { } p ? ShaclPath.Parse(_shapes, p) : null;
        var severity = _shapes.Object(r, Sh.Severity) switch
        {
            Iri i when i.Equals(Sh.Warning) => ShaclSeverity.Warning,
            Iri i when i.Equals(Sh.Info) => ShaclSeverity.Info,
            _ => ShaclSeverity.Violation,
        };
        var message = _shapes.Objects(r, Sh.Message).OfType<Literal>()
            .OrderBy(l => l.Language switch { "en" => 0, null => 1, "sv" => 2, _ => 3 }).FirstOrDefault()?.Lexical;
        string display = r is Iri iri ? Render(iri, _shapes.Namespaces)
            : parent is not null ? parent.DisplayName + (path is null ? "" : " / " + path.Display(i => Render(i, _shapes.Namespaces)))
            : "[anonymous shape]";
        var shape = new Shape
        {
            Node = r,
            Path = path,
            Severity = severity,
            Message = message,
            Deactivated = _shapes.Object(r, Sh.Deactivated) is Literal { Lexical: "true" },
            DisplayName = display,
            Parameters = _shapes.WithSubject(r),
        };
        _compiled[r] = shape;
        return shape;
    }

    internal static string Render(RdfTerm term, NamespaceMap? namespaces)
    {
        switch (term)
        {
            case Iri iri:
                var compact = namespaces?.TryCompact(iri.Value) ?? DefaultNames.TryCompact(iri.Value);
                return compact ?? "<" + iri.Value + ">";
            case Literal l:
                var text = l.Lexical.Length > 80 ? l.Lexical[..80] + "…" : l.Lexical;
                return l.Language is not null ? $"\"{text}\"@{l.Language}"
                    : l.Datatype.Equals(Vocab.Xsd.String) ? $"\"{text}\"" : $"\"{text}\"^^{Render(l.Datatype, namespaces)}";
            default:
                return "[blank node]";
        }
    }

    private static readonly NamespaceMap DefaultNames = NamespaceMap.CreateDcatDefaults()
        .Add("sh", Sh.Ns).Add("skos", "http://www.w3.org/2004/02/skos/core#");

    // ------------------------------------------------------------------ one validation run

    private sealed class Run(ShaclValidator validator, RdfGraph data)
    {
        public List<ShaclResult> Results { get; } = [];
        private readonly Dictionary<Iri, HashSet<Iri>> _subclassClosure = [];

        public IEnumerable<RdfTerm> FocusNodes(Shape shape)
        {
            var nodes = new HashSet<RdfTerm>();
            var shapes = validator._shapes;
            foreach (var t in shape.Parameters)
            {
                if (t.Predicate.Equals(Sh.TargetClass) && t.Object is Iri c) nodes.UnionWith(InstancesOf(c));
                else if (t.Predicate.Equals(Sh.TargetNode)) nodes.Add(t.Object);
                else if (t.Predicate.Equals(Sh.TargetSubjectsOf) && t.Object is Iri sp) nodes.UnionWith(data.WithPredicate(sp).Select(x => (RdfTerm)x.Subject));
                else if (t.Predicate.Equals(Sh.TargetObjectsOf) && t.Object is Iri op) nodes.UnionWith(data.WithPredicate(op).Select(x => x.Object));
            }
            if (shape.Node is Iri self && shapes.HasType(self, Sh.RdfsClass)) nodes.UnionWith(InstancesOf(self));
            return nodes;
        }

        private IEnumerable<RdfTerm> InstancesOf(Iri cls)
        {
            foreach (var sub in SubclassesOf(cls))
                foreach (var s in data.InstancesOf(sub)) yield return s;
        }

        private HashSet<Iri> SubclassesOf(Iri cls)
        {
            if (_subclassClosure.TryGetValue(cls, out var set)) return set;
            set = [cls];
            var queue = new Queue<Iri>([cls]);
            while (queue.Count > 0)
                foreach (var sub in data.SubjectsOf(SubClassOf, queue.Dequeue()).OfType<Iri>())
                    if (set.Add(sub)) queue.Enqueue(sub);
            _subclassClosure[cls] = set;
            return set;
        }

        private bool IsInstanceOf(RdfTerm node, Iri cls)
        {
            if (node is not RdfResource r) return false;
            var accepted = SubclassesOf(cls);
            return data.Objects(r, Vocab.Rdf.Type).OfType<Iri>().Any(accepted.Contains);
        }

        private bool Conforms(Shape shape, RdfTerm node, int depth)
        {
            if (depth > MaxNestingDepth) return true; // recursive shapes: SHACL leaves this undefined; do not loop
            var scratch = new List<ShaclResult>();
            ValidateShape(shape, node, scratch, depth + 1);
            return scratch.Count == 0;
        }

        public void ValidateShape(Shape shape, RdfTerm focus, List<ShaclResult> results, int depth)
        {
            if (shape.Deactivated) return;
            var values = shape.Path is null ? [focus] : shape.Path.Evaluate(data, focus);
            var shapes = validator._shapes;

            foreach (var parameter in shape.Parameters)
            {
                var p = parameter.Predicate;
                var o = parameter.Object;
                if (p.Equals(Sh.MinCount) && Int(o) is { } min && values.Count < min)
                    Report(results, shape, focus, null, "MinCount", $"needs at least {min} value{(min == 1 ? "" : "s")}, found {values.Count}");
                else if (p.Equals(Sh.MaxCount) && Int(o) is { } max && values.Count > max)
                    Report(results, shape, focus, null, "MaxCount", $"allows at most {max} value{(max == 1 ? "" : "s")}, found {values.Count}");
                else if (p.Equals(Sh.Datatype) && o is Iri dt)
                {
                    foreach (var v in values)
                        if (!(v is Literal l && l.Datatype.Equals(dt) && LiteralForms.IsWellFormed(l)))
                            Report(results, shape, focus, v, "Datatype", v is Literal lit && lit.Datatype.Equals(dt)
                                ? $"is not a valid {Name(dt)}" : $"must be a literal of type {Name(dt)}");
                }
                else if (p.Equals(Sh.NodeKind) && o is Iri kind)
                {
                    foreach (var v in values)
                        if (!NodeKindMatches(v, kind)) Report(results, shape, focus, v, "NodeKind", $"must be {KindName(kind)}");
                }
                else if (p.Equals(Sh.Class) && o is Iri cls)
                {
                    foreach (var v in values)
                        if (!IsInstanceOf(v, cls)) Report(results, shape, focus, v, "Class", $"must be an instance of {Name(cls)} (rdf:type)");
                }
                else if (p.Equals(Sh.In))
                {
                    var allowed = shapes.ReadList(o).ToHashSet();
                    foreach (var v in values)
                        if (!allowed.Contains(v)) Report(results, shape, focus, v, "In", $"must be one of {string.Join(", ", allowed.Take(8).Select(Name))}{(allowed.Count > 8 ? ", …" : "")}");
                }
                else if (p.Equals(Sh.HasValue))
                {
                    if (!values.Contains(o)) Report(results, shape, focus, null, "HasValue", $"must include the value {Name(o)}");
                }
                else if (p.Equals(Sh.Pattern) && o is Literal pattern)
                {
                    var regex = new Regex(pattern.Lexical, RegexFlags(shapes.Object(shape.Node, Sh.Flags)), TimeSpan.FromSeconds(1));
                    foreach (var v in values)
                        if (v is BlankNode || !regex.IsMatch(Lexical(v))) Report(results, shape, focus, v, "Pattern", $"must match the pattern {pattern.Lexical}");
                }
                else if ((p.Equals(Sh.MinLength) || p.Equals(Sh.MaxLength)) && Int(o) is { } length)
                {
                    bool isMin = p.Equals(Sh.MinLength);
                    foreach (var v in values)
                        if (v is BlankNode || (isMin ? Lexical(v).Length < length : Lexical(v).Length > length))
                            Report(results, shape, focus, v, isMin ? "MinLength" : "MaxLength", $"must be {(isMin ? "at least" : "at most")} {length} characters long");
                }
                else if (p.Equals(Sh.LanguageIn))
                {
                    var languages = shapes.ReadList(o).OfType<Literal>().Select(l => l.Lexical.ToLowerInvariant()).ToList();
                    foreach (var v in values)
                        if (v is not Literal { Language: { } tag } || tag.ToLowerInvariant() is var lang && !languages.Any(range => lang == range || lang.StartsWith(range + "-", StringComparison.Ordinal)))
                            Report(results, shape, focus, v, "LanguageIn", $"must have a language tag among {string.Join(", ", languages)}");
                }
                else if (p.Equals(Sh.UniqueLang) && o is Literal { Lexical: "true" })
                {
                    foreach (var group in values.OfType<Literal>().Where(l => l.Language is not null).GroupBy(l => l.Language!.ToLowerInvariant()).Where(g => g.Count() > 1))
                        Report(results, shape, focus, null, "UniqueLang", $"has {group.Count()} values with the language tag '{group.Key}'");
                }
                else if (p.Equals(Sh.MinInclusive) || p.Equals(Sh.MaxInclusive) || p.Equals(Sh.MinExclusive) || p.Equals(Sh.MaxExclusive))
                {
                    if (o is not Literal bound) continue;
                    foreach (var v in values)
                    {
                        int? cmp = v is Literal l ? LiteralForms.Compare(l, bound) : null;
                        bool ok = cmp is { } c && (p.Equals(Sh.MinInclusive) ? c >= 0 : p.Equals(Sh.MaxInclusive) ? c <= 0 : p.Equals(Sh.MinExclusive) ? c > 0 : c < 0);
                        if (!ok) Report(results, shape, focus, v, p.Value[Sh.Ns.Length..].Replace("min", "Min").Replace("max", "Max"), $"must be {RangeWord(p)} {bound.Lexical}");
                    }
                }
                else if (p.Equals(Sh.Node))
                {
                    var nodeShape = validator.ShapeFor(o, shape);
                    foreach (var v in values)
                        if (!Conforms(nodeShape, v, depth))
                            Report(results, shape, focus, v, "Node", $"does not conform to {nodeShape.DisplayName}");
                }
                else if (p.Equals(Sh.Property))
                {
                    var propertyShape = validator.ShapeFor(o, shape);
                    foreach (var v in values) ValidateShape(propertyShape, v, results, depth + 1);
                }
                else if (p.Equals(Sh.Not))
                {
                    var negated = validator.ShapeFor(o, shape);
                    foreach (var v in values)
                        if (Conforms(negated, v, depth)) Report(results, shape, focus, v, "Not", $"must not conform to {negated.DisplayName}");
                }
                else if (p.Equals(Sh.And) || p.Equals(Sh.Or) || p.Equals(Sh.Xone))
                {
                    var members = shapes.ReadList(o).Select(m => validator.ShapeFor(m, shape)).ToList();
                    foreach (var v in values)
                    {
                        int conforming = members.Count(m => Conforms(m, v, depth));
                        bool ok = p.Equals(Sh.And) ? conforming == members.Count : p.Equals(Sh.Or) ? conforming >= 1 : conforming == 1;
                        if (!ok) Report(results, shape, focus, v, p.Equals(Sh.And) ? "And" : p.Equals(Sh.Or) ? "Or" : "Xone",
                            p.Equals(Sh.And) ? "must conform to all of the listed shapes"
                            : p.Equals(Sh.Or) ? $"must conform to at least one of: {string.Join(" | ", members.Select(Describe))}"
                            : $"must conform to exactly one of: {string.Join(" | ", members.Select(Describe))} (conforms to {conforming})");
                    }
                }
                else if (p.Equals(Sh.QualifiedValueShape))
                {
                    var qualified = validator.ShapeFor(o, shape);
                    int count = values.Count(v => Conforms(qualified, v, depth));
                    if (Int(shapes.Object(shape.Node, Sh.QualifiedMinCount)) is { } qmin && count < qmin)
                        Report(results, shape, focus, null, "QualifiedMinCount", $"needs at least {qmin} values conforming to {qualified.DisplayName}, found {count}");
                    if (Int(shapes.Object(shape.Node, Sh.QualifiedMaxCount)) is { } qmax && count > qmax)
                        Report(results, shape, focus, null, "QualifiedMaxCount", $"allows at most {qmax} values conforming to {qualified.DisplayName}, found {count}");
                }
                else if (p.Equals(Sh.EqualsPath) || p.Equals(Sh.Disjoint))
                {
                    if (o is not Iri other || focus is not RdfResource fr) continue;
                    var otherValues = data.Objects(fr, other).ToHashSet();
                    if (p.Equals(Sh.Disjoint))
                    {
                        foreach (var v in values)
                            if (otherValues.Contains(v)) Report(results, shape, focus, v, "Disjoint", $"must not also be a value of {Name(other)}");
                    }
                    else if (!otherValues.SetEquals(values))
                        Report(results, shape, focus, null, "Equals", $"must have the same values as {Name(other)}");
                }
                else if (p.Equals(Sh.Closed) && o is Literal { Lexical: "true" } && focus is RdfResource closedFocus)
                {
                    var allowed = shapes.Objects(shape.Node, Sh.Property).OfType<RdfResource>()
                        .Select(ps => shapes.Object(ps, Sh.Path)).OfType<Iri>().ToHashSet();
                    if (shapes.Object(shape.Node, Sh.IgnoredProperties) is { } ignored) allowed.UnionWith(shapes.ReadList(ignored).OfType<Iri>());
                    foreach (var t in data.WithSubject(closedFocus))
                        if (!allowed.Contains(t.Predicate))
                            Report(results, shape, focus, t.Object, "Closed", $"uses {Name(t.Predicate)}, which the closed shape does not allow", Name(t.Predicate));
                }
            }
        }

        private string Describe(Shape s)
        {
            var parts = new List<string>();
            foreach (var t in s.Parameters)
                if (t.Predicate.Equals(Sh.Datatype) || t.Predicate.Equals(Sh.Class) || t.Predicate.Equals(Sh.NodeKind) || t.Predicate.Equals(Sh.HasValue))
                    parts.Add(Name(t.Predicate) + " " + Name(t.Object));
            return parts.Count > 0 ? string.Join(", ", parts) : s.DisplayName;
        }

        private void Report(List<ShaclResult> results, Shape shape, RdfTerm focus, RdfTerm? value, string component, string problem, string? pathOverride = null)
        {
            var path = pathOverride ?? shape.Path?.Display(Name);
            var subjectText = path is null ? (value is null ? "The node" : $"The value {Name(value)}") : (value is null ? path : $"{path} value {Name(value)}");
            var message = shape.Message is { } custom ? $"{custom} ({subjectText} {problem})" : $"{subjectText} {problem}.";
            results.Add(new ShaclResult(shape.Severity, Name(focus), path, value is null ? null : Name(value), "sh:" + component + "ConstraintComponent",
                shape.DisplayName, message, validator.Name) { FocusTerm = focus });
        }

        private string Name(RdfTerm term) => term is BlankNode ? DescribeBlank(term) : Render(term, data.Namespaces.Declarations.Count > 0 ? Merge(data.Namespaces) : null);

        private NamespaceMap? _names;
        private NamespaceMap Merge(NamespaceMap dataNames)
        {
            if (_names is not null) return _names;
            _names = DefaultNames.Clone();
            foreach (var (prefix, ns) in validator._shapes.Namespaces.Declarations.Concat(dataNames.Declarations))
                if (!_names.TryGetNamespace(prefix, out _) && !_names.TryGetPrefix(ns, out _)) _names.Add(prefix, ns);
            return _names;
        }

        /// <summary>A blank node is described by where it hangs: "[blank node: dct:temporal of &lt;…dataset&gt;]".</summary>
        private string DescribeBlank(RdfTerm node)
        {
            var parent = data.WithObject(node).FirstOrDefault();
            if (parent.Subject is null) return "[blank node]";
            var owner = parent.Subject is BlankNode ? "a blank node" : Render(parent.Subject, _names);
            return $"[blank node: {Render(parent.Predicate, _names)} of {owner}]";
        }

        private static string Lexical(RdfTerm v) => v switch { Literal l => l.Lexical, Iri i => i.Value, _ => "" };

        private static int? Int(RdfTerm? t) => t is Literal l && int.TryParse(l.Lexical, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        private static RegexOptions RegexFlags(RdfTerm? flags)
        {
            var options = RegexOptions.CultureInvariant;
            if (flags is Literal f)
            {
                if (f.Lexical.Contains('i')) options |= RegexOptions.IgnoreCase;
                if (f.Lexical.Contains('m')) options |= RegexOptions.Multiline;
                if (f.Lexical.Contains('s')) options |= RegexOptions.Singleline;
                if (f.Lexical.Contains('x')) options |= RegexOptions.IgnorePatternWhitespace;
            }
            return options;
        }

        private static bool NodeKindMatches(RdfTerm v, Iri kind) => kind.Value switch
        {
            Sh.Ns + "IRI" => v is Iri,
            Sh.Ns + "BlankNode" => v is BlankNode,
            Sh.Ns + "Literal" => v is Literal,
            Sh.Ns + "BlankNodeOrIRI" => v is RdfResource,
            Sh.Ns + "BlankNodeOrLiteral" => v is BlankNode or Literal,
            Sh.Ns + "IRIOrLiteral" => v is Iri or Literal,
            _ => true,
        };

        private static string KindName(Iri kind) => kind.Value[Sh.Ns.Length..] switch
        {
            "IRI" => "an IRI",
            "BlankNode" => "a blank node",
            "Literal" => "a literal",
            "BlankNodeOrIRI" => "an IRI or blank node (not a literal)",
            "BlankNodeOrLiteral" => "a blank node or literal",
            "IRIOrLiteral" => "an IRI or literal",
            var other => other,
        };

        private static string RangeWord(Iri p) => p.Value[Sh.Ns.Length..] switch
        {
            "minInclusive" => "at least",
            "maxInclusive" => "at most",
            "minExclusive" => "greater than",
            _ => "less than",
        };
    }
}
