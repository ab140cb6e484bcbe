namespace SmartMiljo.OpenData.Core.Schemas;

/// <summary>Constraints of one field, as in Frictionless Table Schema.</summary>
public sealed record FieldConstraints
{
    public bool Required { get; init; }
    public bool Unique { get; init; }
    public IReadOnlyList<string>? Enum { get; init; }
    public string? Pattern { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
}

/// <summary>One column of a table schema.</summary>
public sealed record FieldDefinition
{
    public required string Name { get; init; }
    public FieldType Type { get; init; } = FieldType.String;

    /// <summary>Table Schema format, e.g. <c>email</c>, <c>uri</c>, or our Swedish formats
    /// <c>phone</c>, <c>kommunkod</c>, <c>organisationsnummer</c>.</summary>
    public string? Format { get; init; }

    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }
    public FieldConstraints Constraints { get; init; } = new();

    /// <summary>Older names this column has had (e.g. <c>hov_ref</c> for <c>nutskod</c>);
    /// a header matching one is accepted with a warning.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Where the rule for this column comes from (spec section, sample file, or "draft").</summary>
    public string? Source { get; init; }
}

/// <summary>Which fields carry the coordinates of a row, so storage, OData and GeoJSON agree.</summary>
public sealed record GeometryMapping(string LatitudeField, string LongitudeField);

/// <summary>A table schema: the fields, their order and the keys.</summary>
public sealed record TableSchema
{
    public required IReadOnlyList<FieldDefinition> Fields { get; init; }
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
    public IReadOnlyList<string> MissingValues { get; init; } = [""];
    public GeometryMapping? Geometry { get; init; }

    public int IndexOf(string fieldName)
    {
        for (var i = 0; i < Fields.Count; i++)
            if (string.Equals(Fields[i].Name, fieldName, StringComparison.Ordinal)) return i;
        return -1;
    }

    public FieldDefinition? Find(string fieldName)
    {
        var i = IndexOf(fieldName);
        return i < 0 ? null : Fields[i];
    }
}
