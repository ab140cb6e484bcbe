using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>
/// The part of the OData Aggregation vocabulary that <c>$metadata</c> uses to say what <c>$apply</c> does
/// (<see cref="Query.ApplyQuery"/>): the ApplySupported term with the transformations, groupable properties and
/// the aggregation methods each property takes. The OData library carries no copy of this vocabulary, so its
/// term and types are declared here in a model of their own, referenced (never written into) the service's.
/// </summary>
internal static class AggregationVocabulary
{
    public const string Namespace = "Org.OData.Aggregation.V1";

    /// <summary>The transformations <see cref="Query.ApplyQuery"/> translates; others answer 501.</summary>
    public static readonly string[] Transformations = ["filter", "groupby", "aggregate"];

    private static readonly EdmComplexType ApplySupportedType = new(Namespace, "ApplySupportedType");

    private static readonly EdmTerm Term = new(Namespace, "ApplySupported", new EdmComplexTypeReference(ApplySupportedType, false),
        "EntityType EntitySet Collection EntityContainer");

    public static EdmModel Model { get; } = CreateModel();

    public static IEdmTerm ApplySupported => Term;

    private static EdmModel CreateModel()
    {
        var model = new EdmModel();
        var strings = new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(false)));
        ApplySupportedType.AddStructuralProperty("Transformations", strings);
        ApplySupportedType.AddStructuralProperty("CustomAggregationMethods", strings);
        ApplySupportedType.AddStructuralProperty("PropertyRestrictions", EdmCoreModel.Instance.GetBoolean(false));
        ApplySupportedType.AddStructuralProperty("GroupableProperties",
            new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetPropertyPath(false))));
        var aggregatable = new EdmComplexType(Namespace, "AggregatablePropertyType");
        aggregatable.AddStructuralProperty("Property", EdmCoreModel.Instance.GetPropertyPath(false));
        aggregatable.AddStructuralProperty("SupportedAggregationMethods", strings);
        model.AddElement(aggregatable);
        ApplySupportedType.AddStructuralProperty("AggregatableProperties",
            new EdmCollectionTypeReference(new EdmCollectionType(new EdmComplexTypeReference(aggregatable, false))));
        model.AddElement(ApplySupportedType);
        model.AddElement(Term);
        return model;
    }

    /// <summary>The aggregation methods <see cref="Query.ApplyQuery"/> accepts on a property (besides <c>$count</c>):
    /// sums and averages of numbers, minimum and maximum of anything ordered, distinct counts of any value.</summary>
    public static IReadOnlyList<string> MethodsOf(PropertyBinding property) =>
        property.IsGeography ? []
        : property.Type is FieldType.Integer or FieldType.Number or FieldType.Year or FieldType.Decimal ? ["sum", "average", "min", "max", "countdistinct"]
        : property.Type == FieldType.Boolean ? ["countdistinct"]
        : ["min", "max", "countdistinct"];

    /// <summary>What <c>$apply</c> does on one entity set: no custom methods, grouping by any
    /// non-geography property, and per property the methods of <see cref="MethodsOf"/>.</summary>
    /// <remarks>Rollup is left at its default: it needs hierarchies, and the model declares none, so no rollup
    /// can be asked for; stating <c>RollupType/None</c> would make CSDL readers without this vocabulary at hand
    /// (Microsoft.OData.Edm's among them) fail on an enum member they cannot resolve.</remarks>
    public static IEdmExpression ApplySupportedOf(EntitySetBinding set)
    {
        var usable = set.Properties.Where(p => !p.IsGeography).ToList();
        return new EdmRecordExpression(
            new EdmPropertyConstructor("Transformations", Strings(Transformations)),
            new EdmPropertyConstructor("CustomAggregationMethods", new EdmCollectionExpression()),
            new EdmPropertyConstructor("PropertyRestrictions", new EdmBooleanConstant(true)),
            new EdmPropertyConstructor("GroupableProperties",
                new EdmCollectionExpression(usable.Select(p => (IEdmExpression)new EdmPropertyPathExpression(p.Name)))),
            new EdmPropertyConstructor("AggregatableProperties", new EdmCollectionExpression(usable.Select(p => (IEdmExpression)new EdmRecordExpression(
                new EdmPropertyConstructor("Property", new EdmPropertyPathExpression(p.Name)),
                new EdmPropertyConstructor("SupportedAggregationMethods", Strings(MethodsOf(p))))))));
    }

    private static EdmCollectionExpression Strings(IEnumerable<string> values) =>
        new(values.Select(v => (IEdmExpression)new EdmStringConstant(v)));
}
