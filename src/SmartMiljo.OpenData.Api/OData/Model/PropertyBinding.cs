using System.Text.Json;
using Microsoft.OData.Edm;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.OData.Model;

/// <summary>How an OData property is stored: a plain column, or a point computed from the
/// schema's latitude/longitude columns.</summary>
public enum PropertySource { Column, Location }

/// <summary>
/// One OData property and where its value lives in the row table. SQL only ever sees the column
/// names held here (from <see cref="Core.Tabular.TableLayout"/>), never a name from a request.
/// </summary>
public sealed class PropertyBinding
{
    public required string Name
    {
        get;
        init
        {
            field = value;
            JsonName = JsonEncodedText.Encode(value);
        }
    }

    /// <summary>The name escaped for JSON once per model, not once per row written.</summary>
    public JsonEncodedText JsonName { get; private init; }
    public required PropertySource Source { get; init; }

    /// <summary>The logical type; <c>_row</c> is an <see cref="FieldType.Integer"/>.</summary>
    public required FieldType Type { get; init; }

    /// <summary>The SQL column for <see cref="PropertySource.Column"/>.</summary>
    public string Column { get; init; } = "";

    /// <summary>For <see cref="PropertySource.Location"/>: the coordinate columns.</summary>
    public string LatitudeColumn { get; init; } = "";
    public string LongitudeColumn { get; init; } = "";

    public required bool Nullable { get; init; }

    /// <summary>For a geometry field: its Edm type (a specific kind when the specification names one).</summary>
    public EdmPrimitiveTypeKind? GeographyKind { get; init; }
    public IEdmStructuralProperty EdmProperty { get; internal set; } = null!;

    public bool IsGeography => Type is FieldType.GeoPoint or FieldType.Geometry || Source == PropertySource.Location;

    /// <summary>The columns a SELECT must read to produce the value.</summary>
    public IEnumerable<string> SelectColumns => Source == PropertySource.Location
        ? [LatitudeColumn, LongitudeColumn]
        : [Column];
}
