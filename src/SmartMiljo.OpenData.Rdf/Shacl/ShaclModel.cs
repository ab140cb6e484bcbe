namespace SmartMiljo.OpenData.Rdf.Shacl;

public enum ShaclSeverity { Violation, Warning, Info }

/// <summary>One validation result, with terms already rendered for people (prefixed where possible).</summary>
public sealed record ShaclResult(
    ShaclSeverity Severity,
    string FocusNode,
    string? Path,
    string? Value,
    string Constraint,
    string SourceShape,
    string Message,
    string? ShapeSet = null)
{
    /// <summary>The focus node as a term (not serialised), for mapping results back to datasets.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RdfTerm? FocusTerm { get; init; }
}

public sealed record ShaclReport(IReadOnlyList<ShaclResult> Results)
{
    /// <summary>No violations (warnings and infos allowed): what "accepted" means for a harvester.</summary>
    public bool Conforms => Violations == 0;
    public int Violations => Results.Count(r => r.Severity == ShaclSeverity.Violation);
    public int Warnings => Results.Count(r => r.Severity == ShaclSeverity.Warning);
    public int Infos => Results.Count(r => r.Severity == ShaclSeverity.Info);

    public IEnumerable<ShaclResult> Of(ShaclSeverity severity) => Results.Where(r => r.Severity == severity);

    public ShaclReport Merge(ShaclReport other) => new([.. Results, .. other.Results]);
}

internal static class Sh
{
    public const string Ns = "http://www.w3.org/ns/shacl#";
    public static readonly Iri NodeShape = Iri.Create(Ns + "NodeShape");
    public static readonly Iri PropertyShape = Iri.Create(Ns + "PropertyShape");
    public static readonly Iri TargetClass = Iri.Create(Ns + "targetClass");
    public static readonly Iri TargetNode = Iri.Create(Ns + "targetNode");
    public static readonly Iri TargetSubjectsOf = Iri.Create(Ns + "targetSubjectsOf");
    public static readonly Iri TargetObjectsOf = Iri.Create(Ns + "targetObjectsOf");
    public static readonly Iri Path = Iri.Create(Ns + "path");
    public static readonly Iri InversePath = Iri.Create(Ns + "inversePath");
    public static readonly Iri AlternativePath = Iri.Create(Ns + "alternativePath");
    public static readonly Iri ZeroOrMorePath = Iri.Create(Ns + "zeroOrMorePath");
    public static readonly Iri OneOrMorePath = Iri.Create(Ns + "oneOrMorePath");
    public static readonly Iri ZeroOrOnePath = Iri.Create(Ns + "zeroOrOnePath");
    public static readonly Iri Property = Iri.Create(Ns + "property");
    public static readonly Iri Node = Iri.Create(Ns + "node");
    public static readonly Iri Severity = Iri.Create(Ns + "severity");
    public static readonly Iri Violation = Iri.Create(Ns + "Violation");
    public static readonly Iri Warning = Iri.Create(Ns + "Warning");
    public static readonly Iri Info = Iri.Create(Ns + "Info");
    public static readonly Iri Message = Iri.Create(Ns + "message");
    public static readonly Iri Deactivated = Iri.Create(Ns + "deactivated");
    public static readonly Iri MinCount = Iri.Create(Ns + "minCount");
    public static readonly Iri MaxCount = Iri.Create(Ns + "maxCount");
    public static readonly Iri Datatype = Iri.Create(Ns + "datatype");
    public static readonly Iri NodeKind = Iri.Create(Ns + "nodeKind");
    public static readonly Iri Class = Iri.Create(Ns + "class");
    public static readonly Iri In = Iri.Create(Ns + "in");
    public static readonly Iri HasValue = Iri.Create(Ns + "hasValue");
    public static readonly Iri Pattern = Iri.Create(Ns + "pattern");
    public static readonly Iri Flags = Iri.Create(Ns + "flags");
    public static readonly Iri MinLength = Iri.Create(Ns + "minLength");
    public static readonly Iri MaxLength = Iri.Create(Ns + "maxLength");
    public static readonly Iri LanguageIn = Iri.Create(Ns + "languageIn");
    public static readonly Iri UniqueLang = Iri.Create(Ns + "uniqueLang");
    public static readonly Iri MinInclusive = Iri.Create(Ns + "minInclusive");
    public static readonly Iri MaxInclusive = Iri.Create(Ns + "maxInclusive");
    public static readonly Iri MinExclusive = Iri.Create(Ns + "minExclusive");
    public static readonly Iri MaxExclusive = Iri.Create(Ns + "maxExclusive");
    public static readonly Iri Or = Iri.Create(Ns + "or");
    public static readonly Iri And = Iri.Create(Ns + "and");
    public static readonly Iri Not = Iri.Create(Ns + "not");
    public static readonly Iri Xone = Iri.Create(Ns + "xone");
    public static readonly Iri Closed = Iri.Create(Ns + "closed");
    public static readonly Iri IgnoredProperties = Iri.Create(Ns + "ignoredProperties");
    public static readonly Iri EqualsPath = Iri.Create(Ns + "equals");
    public static readonly Iri Disjoint = Iri.Create(Ns + "disjoint");
    public static readonly Iri QualifiedValueShape = Iri.Create(Ns + "qualifiedValueShape");
    public static readonly Iri QualifiedMinCount = Iri.Create(Ns + "qualifiedMinCount");
    public static readonly Iri QualifiedMaxCount = Iri.Create(Ns + "qualifiedMaxCount");
    public static readonly Iri IRI = Iri.Create(Ns + "IRI");
    public static readonly Iri BlankNode = Iri.Create(Ns + "BlankNode");
    public static readonly Iri Literal = Iri.Create(Ns + "Literal");
    public static readonly Iri BlankNodeOrIRI = Iri.Create(Ns + "BlankNodeOrIRI");
    public static readonly Iri BlankNodeOrLiteral = Iri.Create(Ns + "BlankNodeOrLiteral");
    public static readonly Iri IRIOrLiteral = Iri.Create(Ns + "IRIOrLiteral");
    public static readonly Iri RdfsClass = Iri.Create(Vocab.Rdfs.Namespace + "Class");
}
