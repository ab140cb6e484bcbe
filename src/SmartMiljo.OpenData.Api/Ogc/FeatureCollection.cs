using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// A published dataset with a geometry as an OGC API Features collection. It is the OData entity set of the
/// regional service (same identifier, properties, columns and types), so both APIs name and type every
/// column alike and read the same row table.
/// </summary>
public sealed class FeatureCollection
{
    private FeatureCollection(EntitySetBinding set, PropertyBinding geometry)
    {
        Set = set;
        Geometry = geometry;
        Properties = set.Properties.Where(p => !p.IsGeography && p != set.RowNumber).ToList();
        Identifier = set.Key is [var key] && key.Source == PropertySource.Column ? key : set.RowNumber;
    }

    /// <summary>The collection of an entity set, or null when its rows have no position.</summary>
    public static FeatureCollection? Of(EntitySetBinding set)
    {
        // The latitude/longitude pair the schema maps first; else the first geopoint column.
        var geometry = set.Properties.FirstOrDefault(p => p.Source == PropertySource.Location)
                       ?? set.Properties.FirstOrDefault(p => p.Source == PropertySource.Column && p.Type == FieldType.GeoPoint);
        return geometry is null ? null : new FeatureCollection(set, geometry);
    }

    public EntitySetBinding Set { get; }
    public string Id => Set.Name;
    public string TableName => Set.TableName;

    /// <summary>Where the feature's geometry is read from.</summary>
    public PropertyBinding Geometry { get; }

    /// <summary>The feature properties (and queryables): every column but the geometry and the internal row number.</summary>
    public IReadOnlyList<PropertyBinding> Properties { get; }

    /// <summary>The feature id: the single-column primary key, else the row number.</summary>
    public PropertyBinding Identifier { get; }

    /// <summary>The geometry's latitude/longitude as SQL (plus the indexed geography column where there is one).</summary>
    public SqlPoint PointSql(SqlDialectSyntax sql) => Geometry.Source == PropertySource.Location
        ? new SqlPoint(SqlDialectSyntax.Quote(Geometry.LatitudeColumn), SqlDialectSyntax.Quote(Geometry.LongitudeColumn), sql.Format.GeographyColumn)
        : sql.PointFromText(SqlDialectSyntax.Quote(Geometry.Column));

    public PropertyBinding? FindProperty(string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))
        ?? Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
