namespace SmartMiljo.OpenData.Rdf.Shacl;

/// <summary>A SHACL property path and its evaluation over a data graph.</summary>
internal abstract class ShaclPath
{
    public abstract IEnumerable<RdfTerm> Step(RdfGraph graph, RdfTerm focus);
    public abstract string Display(Func<Iri, string> name);

    public IReadOnlyCollection<RdfTerm> Evaluate(RdfGraph graph, RdfTerm focus)
    {
        var result = new List<RdfTerm>();
        var seen = new HashSet<RdfTerm>();
        foreach (var v in Step(graph, focus))
            if (seen.Add(v)) result.Add(v);
        return result;
    }

    public static ShaclPath Parse(RdfGraph shapes, RdfTerm node)
    {
        if (node is Iri iri) return new PredicatePath(iri);
        if (node is not BlankNode b) throw new RdfException($"Invalid sh:path {node}.");
        if (shapes.Object(b, Vocab.Rdf.First) is not null) return new SequencePath(shapes.ReadList(b).Select(n => Parse(shapes, n)).ToList());
        if (shapes.Object(b, Sh.InversePath) is { } inv) return new InversePath(Parse(shapes, inv));
        if (shapes.Object(b, Sh.AlternativePath) is { } alt) return new AlternativePath(shapes.ReadList(alt).Select(n => Parse(shapes, n)).ToList());
        if (shapes.Object(b, Sh.ZeroOrMorePath) is { } zm) return new RepeatPath(Parse(shapes, zm), includeSelf: true, many: true, "*");
        if (shapes.Object(b, Sh.OneOrMorePath) is { } om) return new RepeatPath(Parse(shapes, om), includeSelf: false, many: true, "+");
        if (shapes.Object(b, Sh.ZeroOrOnePath) is { } zo) return new RepeatPath(Parse(shapes, zo), includeSelf: true, many: false, "?");
        throw new RdfException($"Unsupported sh:path {node}.");
    }

    private sealed class PredicatePath(Iri predicate) : ShaclPath
    {
        public Iri Predicate => predicate;
        public override IEnumerable<RdfTerm> Step(RdfGraph graph, RdfTerm focus) =>
            focus is RdfResource r ? graph.Objects(r, predicate) : [];
        public override string Display(Func<Iri, string> name) => name(predicate);
    }

    private sealed class InversePath(ShaclPath inner) : ShaclPath
    {
        public override IEnumerable<RdfTerm> Step(RdfGraph graph, RdfTerm focus)
        {
            if (inner is PredicatePath p) return graph.SubjectsOf(p.Predicate, focus);
            // Inverse of a complex path: every node whose forward evaluation reaches the focus.
            return graph.Subjects.Where(s => inner.Step(graph, s).Contains(focus));
        }
        public override string Display(Func<Iri, string> name) => "^" + inner.Display(name);
    }

    private sealed class SequencePath(List<ShaclPath> steps) : ShaclPath
    {
        public override IEnumerable<RdfTerm> Step(RdfGraph graph, RdfTerm focus)
        {
            IEnumerable<RdfTerm> current = [focus];
            foreach (var step in steps) current = current.SelectMany(n => step.Step(graph, n)).Distinct().ToList();
            return current;
        }
        public override string Display(Func<Iri, string> name) => string.Join("/", steps.Select(s => s.Display(name)));
    }

    private sealed class AlternativePath(List<ShaclPath> options) : ShaclPath
    {
        public override IEnumerable<RdfTerm> Step(RdfGraph graph, RdfTerm focus) => options.SelectMany(o => o.Step(graph, focus));
        public override string Display(Func<Iri, string> name) => "(" + string.Join("|", options.Select(s => s.Display(name))) + ")";
    }

    private sealed class RepeatPath(ShaclPath inner, bool includeSelf, bool many, string symbol) : ShaclPath
    {
        public override IEnumerable<RdfTerm> Step(RdfGraph graph, RdfTerm focus)
        {
            var seen = new HashSet<RdfTerm>();
            var result = new List<RdfTerm>();
            if (includeSelf && seen.Add(focus)) result.Add(focus);
            var frontier = new Queue<RdfTerm>(inner.Step(graph, focus));
            while (frontier.Count > 0)
            {
                var n = frontier.Dequeue();
                if (!seen.Add(n)) continue;
                result.Add(n);
                if (many) foreach (var next in inner.Step(graph, n)) frontier.Enqueue(next);
            }
            return result;
        }
        public override string Display(Func<Iri, string> name) => "(" + inner.Display(name) + ")" + symbol;
    }
}
