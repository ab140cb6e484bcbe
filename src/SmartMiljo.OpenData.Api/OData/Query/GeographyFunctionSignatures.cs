using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace SmartMiljo.OpenData.Api.OData.Query;

/// <summary>
/// The parser's built-in geo functions only take points and polygons (geo.intersects(point, polygon),
/// geo.distance(point, point), geo.length(line)). Geometry fields are Edm.Geography or a specific kind, so
/// these overloads let lines, areas and Multi forms be used with any geography literal; the translation
/// (<see cref="SqlFilterTranslator"/>) gives them their meaning. Registered once per process (the parser's
/// custom functions are global), leaving the built-in signatures as they are.
/// </summary>
internal static class GeographyFunctionSignatures
{
    private static readonly EdmPrimitiveTypeKind[] Kinds =
    [
        EdmPrimitiveTypeKind.Geography, EdmPrimitiveTypeKind.GeographyPoint, EdmPrimitiveTypeKind.GeographyLineString,
        EdmPrimitiveTypeKind.GeographyPolygon, EdmPrimitiveTypeKind.GeographyMultiPoint,
        EdmPrimitiveTypeKind.GeographyMultiLineString, EdmPrimitiveTypeKind.GeographyMultiPolygon,
    ];

    private static readonly Lazy<bool> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        var boolean = EdmCoreModel.Instance.GetBoolean(true);
        var number = EdmCoreModel.Instance.GetDouble(true);
        foreach (var a in Kinds)
        {
            if (a != EdmPrimitiveTypeKind.GeographyLineString)
                Add("geo.length", number, a);
            foreach (var b in Kinds)
            {
                if (!(a == EdmPrimitiveTypeKind.GeographyPoint && b == EdmPrimitiveTypeKind.GeographyPolygon
                      || a == EdmPrimitiveTypeKind.GeographyPolygon && b == EdmPrimitiveTypeKind.GeographyPoint))
                    Add("geo.intersects", boolean, a, b);
                if (!(a == EdmPrimitiveTypeKind.GeographyPoint && b == EdmPrimitiveTypeKind.GeographyPoint))
                    Add("geo.distance", number, a, b);
            }
        }
        return true;
    }

    private static void Add(string name, IEdmPrimitiveTypeReference result, params EdmPrimitiveTypeKind[] arguments) =>
        CustomUriFunctions.AddCustomUriFunction(name, new FunctionSignatureWithReturnType(result,
            arguments.Select(k => (IEdmTypeReference)EdmCoreModel.Instance.GetPrimitive(k, true)).ToArray()));
}
