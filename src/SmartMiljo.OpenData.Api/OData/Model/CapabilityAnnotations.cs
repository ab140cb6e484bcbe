using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>Capabilities vocabulary annotations declaring what the service supports, so clients
/// need not probe (read-only, Intermediate conformance, the filter functions we translate).</summary>
internal static class CapabilityAnnotations
{
    private const string CapabilitiesNamespace = "Org.OData.Capabilities.V1";

    /// <summary>The filter operators and functions <see cref="Query.SqlFilterTranslator"/> implements. Not listed, and
    /// answered 501: cast, isof, maxdatetime, mindatetime, matchesPattern, totaloffsetminutes, totalseconds,
    /// fractionalseconds, has, any/all (no collections), and arithmetic on date columns.</summary>
    public static readonly string[] FilterFunctions =
    [
        "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "add", "sub", "mul", "div", "divby", "mod", "in",
        "contains", "startswith", "endswith", "length", "indexof", "substring", "tolower", "toupper",
        "trim", "concat", "year", "month", "day", "hour", "minute", "second", "date", "time",
        "round", "floor", "ceiling", "now", "geo.distance", "geo.intersects",
    ];

    public static IEnumerable<IEdmReference> VocabularyReferences()
    {
        var core = new EdmReference(new Uri("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml"));
        core.AddInclude(new EdmInclude("Core", "Org.OData.Core.V1"));
        var capabilities = new EdmReference(new Uri("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml"));
        capabilities.AddInclude(new EdmInclude("Capabilities", CapabilitiesNamespace));
        var aggregation = new EdmReference(new Uri("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Aggregation.V1.xml"));
        aggregation.AddInclude(new EdmInclude("Aggregation", AggregationVocabulary.Namespace));
        return [core, capabilities, aggregation];
    }

    public static void Add(EdmModel model, EdmEntityContainer container, IReadOnlyList<EntitySetBinding> sets)
    {
        if (Term("ConformanceLevel") is { } conformance
            && conformance.Type.Definition is IEdmEnumType levels
            && levels.Members.FirstOrDefault(m => m.Name == "Intermediate") is { } intermediate)
            Annotate(model, container, conformance, new EdmEnumMemberExpression(intermediate));

        Annotate(model, container, Term("FilterFunctions"),
            new EdmCollectionExpression(FilterFunctions.Select(f => (IEdmExpression)new EdmStringConstant(f))));
        Annotate(model, container, Term("SupportedFormats"),
            new EdmCollectionExpression(
                new EdmStringConstant("application/json;odata.metadata=minimal;IEEE754Compatible=false;odata.streaming=true"),
                new EdmStringConstant("application/json;odata.metadata=full"),
                new EdmStringConstant("application/json;odata.metadata=none")));
        Annotate(model, container, Term("SupportedMetadataFormats"),
            new EdmCollectionExpression(new EdmStringConstant("application/xml"), new EdmStringConstant("application/json")));
        if (CoreVocabularyModel.Instance.FindDeclaredTerm("Org.OData.Core.V1.ODataVersions") is { } versions)
            Annotate(model, container, versions, new EdmStringConstant("4.0 4.01"));
        Annotate(model, container, Term("BatchSupported"), new EdmBooleanConstant(false));
        Annotate(model, container, Term("AsynchronousRequestsSupported"), new EdmBooleanConstant(false));
        Annotate(model, container, Term("KeyAsSegmentSupported"), new EdmBooleanConstant(false));

        model.AddReferencedModel(AggregationVocabulary.Model);
        foreach (var set in sets)
        {
            var target = set.EntitySet;
            Annotate(model, target, AggregationVocabulary.ApplySupported, AggregationVocabulary.ApplySupportedOf(set));
            Annotate(model, target, Term("TopSupported"), new EdmBooleanConstant(true));
            Annotate(model, target, Term("SkipSupported"), new EdmBooleanConstant(true));
            Annotate(model, target, Term("IndexableByKey"), new EdmBooleanConstant(true));
            Annotate(model, target, Term("CountRestrictions"), Record(("Countable", new EdmBooleanConstant(true))));
            Annotate(model, target, Term("SearchRestrictions"), Record(("Searchable", new EdmBooleanConstant(true))));
            Annotate(model, target, Term("FilterRestrictions"), Record(("Filterable", new EdmBooleanConstant(true))));
            Annotate(model, target, Term("SortRestrictions"), Record(
                ("Sortable", new EdmBooleanConstant(true)),
                ("NonSortableProperties", new EdmCollectionExpression(set.Properties.Where(p => p.IsGeography)
                    .Select(p => (IEdmExpression)new EdmPropertyPathExpression(p.Name))))));
            Annotate(model, target, Term("ExpandRestrictions"), Record(("Expandable", new EdmBooleanConstant(false))));
            Annotate(model, target, Term("InsertRestrictions"), Record(("Insertable", new EdmBooleanConstant(false))));
            Annotate(model, target, Term("UpdateRestrictions"), Record(("Updatable", new EdmBooleanConstant(false))));
            Annotate(model, target, Term("DeleteRestrictions"), Record(("Deletable", new EdmBooleanConstant(false))));
        }
    }

    private static IEdmTerm? Term(string name) =>
        CapabilitiesVocabularyModel.Instance.FindDeclaredTerm($"{CapabilitiesNamespace}.{name}");

    private static EdmRecordExpression Record(params (string Name, IEdmExpression Value)[] properties) =>
        new(properties.Select(p => (IEdmPropertyConstructor)new EdmPropertyConstructor(p.Name, p.Value)));

    private static void Annotate(EdmModel model, IEdmVocabularyAnnotatable target, IEdmTerm? term, IEdmExpression value)
    {
        // A term missing from the library's copy of the vocabulary is skipped rather than invented.
        if (term is null) return;
        EdmModelBuilder.AddInline(model, new EdmVocabularyAnnotation(target, term, value));
    }
}
