namespace SmartMiljo.OpenData.Exports;

internal static class RowShape
{
    /// <summary>Rows must line up with the schema; a mismatch is a bug upstream, reported clearly.</summary>
    public static void Check(object?[] row, int fieldCount)
    {
        if (row.Length != fieldCount)
            throw new InvalidDataException($"A row has {row.Length} values but the schema has {fieldCount} fields.");
    }
}
