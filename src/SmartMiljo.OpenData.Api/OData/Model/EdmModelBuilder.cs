using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>
/// Builds the EDM model of a service root from the published datasets: one entity type and entity
/// set per dataset, property names and types from the stored table schema, descriptions (Swedish
/// unqualified, English with qualifier <c>en</c>) and capability annotations.
/// </summary>
public static class EdmModelBuilder
{
    public const string Namespace = "SmartMiljo.OpenData";
    public const string ContainerName = "OpenData";
    public const string LocationProperty = "location";

    /// <summary>Builds the model. <paramref name="regional"/> prefixes entity set names with the
    /// organisation, so datasets of different organisations never clash.</summary>
    public static ODataServiceModel Build(IEnumerable<PublishedDataset> datasets, bool regional)
    {
        var model = new EdmModel();
        var container = new EdmEntityContainer(Namespace, ContainerName);
        model.AddElement(container);
        var bindings = new List<EntitySetBinding>();
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var dataset in datasets.OrderBy(d => d.OrganisationSlug, StringComparer.Ordinal)
                     .ThenBy(d => d.DatasetSlug, StringComparer.Ordinal))
        {
            var name = EntitySetName(dataset, regional);
            if (!usedNames.Add(name)) continue; // two slugs collapsing to one identifier: first wins
            bindings.Add(AddEntitySet(model, container, dataset, name));
        }

        CapabilityAnnotations.Add(model, container, bindings);
        model.SetEdmReferences(CapabilityAnnotations.VocabularyReferences());
        return new ODataServiceModel(model, bindings);
    }

    public static string EntitySetName(PublishedDataset dataset, bool regional) =>
        Core.Catalogue.PublicUrls.EntitySetName(dataset.OrganisationSlug, dataset.DatasetSlug, regional);

    private static EntitySetBinding AddEntitySet(EdmModel model, EdmEntityContainer container, PublishedDataset dataset, string name)
    {
        var type = new EdmEntityType(Namespace, name);
        var properties = PropertiesOf(dataset);
        foreach (var property in properties)
            property.EdmProperty = type.AddStructuralProperty(property.Name, EdmTypeOf(property));

        var key = KeyOf(dataset, properties);
        type.AddKeys(key.Select(k => k.EdmProperty));
        model.AddElement(type);
        var entitySet = container.AddEntitySet(name, type);

        Describe(model, type, dataset.Title, dataset.TitleEn);
        Describe(model, entitySet, dataset.Description ?? dataset.Title, dataset.DescriptionEn ?? dataset.TitleEn);
        var layout = dataset.Layout;
        for (var i = 0; i < layout.ColumnNames.Count; i++)
        {
            var field = dataset.Schema.Fields[i];
            var property = properties.First(p => p.Column == layout.ColumnNames[i]);
            Describe(model, property.EdmProperty, field.Description ?? field.Title, field.DescriptionEn ?? field.TitleEn);
        }
        var location = properties.FirstOrDefault(p => p.Source == PropertySource.Location);
        if (location is not null)
            Describe(model, location.EdmProperty, "Position (WGS84) från latitud- och longitudkolumnerna.",
                "Position (WGS84) from the latitude and longitude columns.");

        var rowNumber = properties.FirstOrDefault(p => p.Name == RowTableFormat.RowNumberColumnName)
            ?? new PropertyBinding
            {
                Name = RowTableFormat.RowNumberColumnName, Source = PropertySource.Column, Type = FieldType.Integer,
                Column = RowTableFormat.RowNumberColumnName, Nullable = false,
            };
        return new EntitySetBinding
        {
            Name = name, Dataset = dataset, EntitySet = entitySet, EntityType = type,
            Properties = properties, Key = key, RowNumber = rowNumber,
        };
    }

    internal static List<PropertyBinding> PropertiesOf(PublishedDataset dataset)
    {
        var schema = dataset.Schema;
        var layout = dataset.Layout;
        var properties = new List<PropertyBinding>();
        if (schema.PrimaryKey.Count == 0)
            properties.Add(new PropertyBinding
            {
                Name = RowTableFormat.RowNumberColumnName, Source = PropertySource.Column, Type = FieldType.Integer,
                Column = RowTableFormat.RowNumberColumnName, Nullable = false,
            });

        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            var inKey = schema.PrimaryKey.Contains(field.Name, StringComparer.Ordinal);
            properties.Add(new PropertyBinding
            {
                Name = layout.ColumnNames[i], Source = PropertySource.Column, Type = field.Type,
                Column = layout.ColumnNames[i], Nullable = !(inKey || field.Constraints.Required),
                GeographyKind = field.Type == FieldType.Geometry ? GeographyKindOf(field.Format) : null,
            });
        }

        if (schema.Geometry is { } geometry
            && schema.IndexOf(geometry.LatitudeField) >= 0 && schema.IndexOf(geometry.LongitudeField) >= 0
            && !properties.Any(p => string.Equals(p.Name, LocationProperty, StringComparison.OrdinalIgnoreCase)))
        {
            properties.Add(new PropertyBinding
            {
                Name = LocationProperty, Source = PropertySource.Location, Type = FieldType.GeoPoint,
                LatitudeColumn = layout.ColumnOf(geometry.LatitudeField),
                LongitudeColumn = layout.ColumnOf(geometry.LongitudeField),
                Nullable = true,
            });
        }
        return properties;
    }

    private static List<PropertyBinding> KeyOf(PublishedDataset dataset, List<PropertyBinding> properties)
    {
        if (dataset.Schema.PrimaryKey.Count == 0)
            return [properties[0]];
        return dataset.Schema.PrimaryKey
            .Select(field => properties.First(p => p.Source == PropertySource.Column && p.Column == dataset.Layout.ColumnOf(field)))
            .ToList();
    }

    private static IEdmPrimitiveTypeReference EdmTypeOf(PropertyBinding property)
    {
        var kind = property.Source == PropertySource.Location ? EdmPrimitiveTypeKind.GeographyPoint
            : property.GeographyKind ?? PrimitiveKindOf(property.Type);
        // Decimals have no fixed scale (Scale="variable"): CSDL's default scale is 0, which would mean whole numbers.
        return kind == EdmPrimitiveTypeKind.Decimal ? EdmCoreModel.Instance.GetDecimal(null, null, property.Nullable)
            : EdmCoreModel.Instance.GetPrimitive(kind, property.Nullable);
    }

    public static EdmPrimitiveTypeKind PrimitiveKindOf(FieldType type) => type switch
    {
        FieldType.String => EdmPrimitiveTypeKind.String,
        FieldType.Integer => EdmPrimitiveTypeKind.Int64,
        FieldType.Number => EdmPrimitiveTypeKind.Double,
        FieldType.Boolean => EdmPrimitiveTypeKind.Boolean,
        FieldType.Date => EdmPrimitiveTypeKind.Date,
        FieldType.DateTime => EdmPrimitiveTypeKind.DateTimeOffset,
        FieldType.Time => EdmPrimitiveTypeKind.TimeOfDay,
        FieldType.Year => EdmPrimitiveTypeKind.Int32,
        FieldType.GeoPoint => EdmPrimitiveTypeKind.GeographyPoint,
        FieldType.Geometry => EdmPrimitiveTypeKind.Geography,
        FieldType.Decimal => EdmPrimitiveTypeKind.Decimal,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The Edm type of a geometry field whose specification names one kind in its format (e.g.
    /// <c>"format": "polygon"</c>); <c>Edm.Geography</c> for a field that may mix kinds.</summary>
    public static EdmPrimitiveTypeKind GeographyKindOf(string? format) => format?.ToLowerInvariant() switch
    {
        "point" => EdmPrimitiveTypeKind.GeographyPoint,
        "linestring" => EdmPrimitiveTypeKind.GeographyLineString,
        "polygon" => EdmPrimitiveTypeKind.GeographyPolygon,
        "multipoint" => EdmPrimitiveTypeKind.GeographyMultiPoint,
        "multilinestring" => EdmPrimitiveTypeKind.GeographyMultiLineString,
        "multipolygon" => EdmPrimitiveTypeKind.GeographyMultiPolygon,
        _ => EdmPrimitiveTypeKind.Geography,
    };

    private static void Describe(EdmModel model, IEdmVocabularyAnnotatable target, string? swedish, string? english)
    {
        if (!string.IsNullOrWhiteSpace(swedish))
            AddInline(model, new EdmVocabularyAnnotation(target, CoreVocabularyModel.DescriptionTerm, new EdmStringConstant(swedish)));
        if (!string.IsNullOrWhiteSpace(english))
            AddInline(model, new EdmVocabularyAnnotation(target, CoreVocabularyModel.DescriptionTerm, "en", new EdmStringConstant(english)));
    }

    internal static void AddInline(EdmModel model, EdmVocabularyAnnotation annotation)
    {
        annotation.SetSerializationLocation(model, EdmVocabularyAnnotationSerializationLocation.Inline);
        model.AddVocabularyAnnotation(annotation);
    }
}
