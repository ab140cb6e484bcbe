using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Shacl;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Shacl;

/// <summary>SHACL Core components on small hand-written shapes and data.</summary>
public sealed class ShaclValidatorTests
{
    private const string Prefixes = """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

        """;

    private static ShaclReport Validate(string shapes, string data) =>
        new ShaclValidator(RdfParser.LoadString(Prefixes + shapes, RdfSerialization.Turtle)).Validate(RdfParser.LoadString(Prefixes + data, RdfSerialization.Turtle));

    private static ShaclResult Single(ShaclReport report, string component)
    {
        var result = Assert.Single(report.Results);
        Assert.Equal("sh:" + component + "ConstraintComponent", result.Constraint);
        return result;
    }

    [Fact]
    public void Cardinality_is_checked_on_class_targets_including_subclasses()
    {
        const string shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ] .";
        var report = Validate(shapes, """
            ex:Special rdfs:subClassOf ex:Thing .
            ex:a a ex:Thing ; ex:name "A" .
            ex:b a ex:Special .
            ex:c a ex:Thing ; ex:name "C1", "C2" .
            ex:d ex:name "not targeted" .
            """);
        Assert.Equal(2, report.Violations);
        var missing = report.Results.Single(r => r.FocusNode == "ex:b");
        Assert.Equal("sh:MinCountConstraintComponent", missing.Constraint);
        Assert.Contains("at least 1 value, found 0", missing.Message);
        var tooMany = report.Results.Single(r => r.FocusNode == "ex:c");
        Assert.Equal("sh:MaxCountConstraintComponent", tooMany.Constraint);
    }

    [Fact]
    public void Datatype_rejects_wrong_types_and_ill_formed_lexical_forms()
    {
        const string shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:date ; sh:datatype xsd:date ] .";
        var report = Validate(shapes, """ex:a ex:date "2024-01-31"^^xsd:date, "2023-09-27T13:23:15.522Z"^^xsd:date, "2024-02-30"^^xsd:date, "2024-01-01" .""");
        Assert.Equal(3, report.Violations);
        Assert.Contains(report.Results, r => r.Value!.Contains("2023-09-27T13:23:15.522Z") && r.Message.Contains("not a valid xsd:date"));
        Assert.Contains(report.Results, r => r.Value!.Contains("2024-02-30"));
        Assert.Contains(report.Results, r => r.Value == "\"2024-01-01\"" && r.Message.Contains("must be a literal of type xsd:date"));
    }

    [Fact]
    public void NodeKind_class_in_pattern_and_hasValue()
    {
        const string shapes = """
            ex:S sh:targetNode ex:a ;
              sh:property [ sh:path ex:link ; sh:nodeKind sh:IRI ] ;
              sh:property [ sh:path ex:typed ; sh:class ex:Kind ] ;
              sh:property [ sh:path ex:choice ; sh:in ( ex:x ex:y ) ] ;
              sh:property [ sh:path ex:mail ; sh:pattern "^mailto:" ] ;
              sh:property [ sh:path ex:must ; sh:hasValue ex:required ] .
            """;
        var report = Validate(shapes, """
            ex:a ex:link "literal" ; ex:typed ex:untyped, ex:typedOk ; ex:choice ex:z, ex:x ; ex:mail <http://x.se/>, <mailto:a@b.se> ; ex:must ex:other .
            ex:typedOk a ex:Kind .
            """);
        Assert.Equal(5, report.Violations);
        Assert.Equal(["sh:ClassConstraintComponent", "sh:HasValueConstraintComponent", "sh:InConstraintComponent", "sh:NodeKindConstraintComponent", "sh:PatternConstraintComponent"],
            report.Results.Select(r => r.Constraint).Order().ToArray());
        Assert.Contains(report.Results, r => r.Value == "ex:untyped");
        Assert.Contains(report.Results, r => r.Value == "ex:z");
    }

    [Fact]
    public void Language_constraints()
    {
        const string shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:t ; sh:languageIn ( \"sv\" \"en\" ) ; sh:uniqueLang true ] .";
        var report = Validate(shapes, """ex:a ex:t "hej"@sv, "hallå"@sv-FI, "hello"@en, "hei"@fi, "hejsan"@sv .""");
        Assert.Equal(2, report.Violations);
        Assert.Contains(report.Results, r => r.Constraint == "sh:LanguageInConstraintComponent" && r.Value == "\"hei\"@fi");
        Assert.Contains(report.Results, r => r.Constraint == "sh:UniqueLangConstraintComponent" && r.Message.Contains("'sv'"));
    }

    [Fact]
    public void Logical_and_shape_based_constraints()
    {
        const string shapes = """
            ex:Dated sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] ) .
            ex:S sh:targetSubjectsOf ex:when ;
              sh:property [ sh:path ex:when ; sh:node ex:Dated ] ;
              sh:not [ sh:class ex:Forbidden ] ;
              sh:xone ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) .
            """;
        var report = Validate(shapes, """
            ex:ok ex:when "2024-01-01"^^xsd:date ; ex:p 1 .
            ex:bad1 ex:when "yesterday" ; ex:p 1 .
            ex:bad2 a ex:Forbidden ; ex:when "2024-01-01T00:00:00Z"^^xsd:dateTime ; ex:p 1 .
            ex:bad3 ex:when "2024-01-01"^^xsd:date ; ex:p 1 ; ex:q 2 .
            """);
        Assert.Equal(3, report.Violations);
        Assert.Equal("sh:NodeConstraintComponent", report.Results.Single(r => r.FocusNode.Contains("bad1")).Constraint);
        Assert.Equal("sh:NotConstraintComponent", report.Results.Single(r => r.FocusNode.Contains("bad2")).Constraint);
        Assert.Equal("sh:XoneConstraintComponent", report.Results.Single(r => r.FocusNode.Contains("bad3")).Constraint);
    }

    [Fact]
    public void Complex_paths_inverse_sequence_alternative_and_transitive()
    {
        const string shapes = """
            ex:S sh:targetNode ex:root ;
              sh:property [ sh:path ( ex:child ex:name ) ; sh:minCount 3 ] ;
              sh:property [ sh:path [ sh:inversePath ex:child ] ; sh:maxCount 0 ] ;
              sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:minCount 2 ] ;
              sh:property [ sh:path [ sh:oneOrMorePath ex:child ] ; sh:minCount 4 ] .
            """;
        var report = Validate(shapes, """
            ex:root ex:child ex:c1, ex:c2 ; ex:p 1 ; ex:q 2 .
            ex:c1 ex:name "one" ; ex:child ex:g1 .
            ex:c2 ex:name "two" .
            ex:g1 ex:name "grandchild" .
            ex:parent ex:child ex:root .
            """);
        // ( child name ) finds 2 names; the inverse finds ex:parent; the alternative finds 2; child+ finds c1, c2, g1.
        Assert.Equal(3, report.Violations);
        Assert.Contains(report.Results, r => r.Path == "ex:child/ex:name" && r.Message.Contains("found 2"));
        Assert.Contains(report.Results, r => r.Path == "^ex:child" && r.Message.Contains("found 1"));
        Assert.Contains(report.Results, r => r.Path == "(ex:child)+" && r.Message.Contains("found 3"));
    }

    [Fact]
    public void Severity_message_deactivation_and_closed_shapes()
    {
        const string shapes = """
            ex:S sh:targetNode ex:a ;
              sh:closed true ; sh:ignoredProperties ( rdf:type ) ;
              sh:property [ sh:path ex:name ; sh:minCount 2 ; sh:severity sh:Warning ; sh:message "Två namn behövs"@sv, "Two names are needed"@en ] ;
              sh:property [ sh:path ex:off ; sh:minCount 1 ; sh:deactivated true ] .
            """;
        var report = Validate(shapes, """ex:a a ex:T ; ex:name "x" ; ex:extra 1 .""");
        Assert.Equal(1, report.Violations);
        Assert.Equal(1, report.Warnings);
        Assert.False(report.Conforms);
        var warning = report.Of(ShaclSeverity.Warning).Single();
        Assert.StartsWith("Two names are needed", warning.Message);
        var closed = report.Of(ShaclSeverity.Violation).Single();
        Assert.Equal("sh:ClosedConstraintComponent", closed.Constraint);
        Assert.Equal("ex:extra", closed.Path);
    }

    [Fact]
    public void Implicit_class_targets_and_string_lengths()
    {
        const string shapes = "ex:Person a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:code ; sh:minLength 2 ; sh:maxLength 3 ] .";
        var report = Validate(shapes, """ex:p a ex:Person ; ex:code "A", "AB", "ABCD" .""");
        Assert.Equal(2, report.Violations);
        Assert.Contains(report.Results, r => r.Constraint == "sh:MinLengthConstraintComponent");
        Assert.Contains(report.Results, r => r.Constraint == "sh:MaxLengthConstraintComponent");
    }

    [Fact]
    public void Value_range_constraints_compare_numbers_and_dates()
    {
        const string shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:n ; sh:minInclusive 0 ; sh:maxExclusive 10 ] .";
        var report = Validate(shapes, "ex:a ex:n -1, 0, 9, 10, 3.5 .");
        Assert.Equal(2, report.Violations);
        Assert.Contains(report.Results, r => r.Value!.Contains("\"-1\""));
        Assert.Contains(report.Results, r => r.Value!.Contains("\"10\""));
    }
}
