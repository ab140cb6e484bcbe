using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>What every check of one validation pass shares: the schema and its prepared field
/// checks, how the header bound them, the issue list and the counters of the report.</summary>
internal sealed class RunContext(TableSchema schema, HeaderBinding binding, IssueCollector issues)
{
    public TableSchema Schema { get; } = schema;
    public HeaderBinding Binding { get; } = binding;
    public IssueCollector Issues { get; } = issues;

    /// <summary>One prepared check per schema field, in the schema's order.</summary>
    public FieldCheck[] Fields { get; } = schema.Fields.Select((f, i) => new FieldCheck(f, i)).ToArray();

    public long RowsRead, RowsValid, RowsInvalid, CellsChecked, CellsInvalid;

    /// <summary>The field read from a column of the file, or -1.</summary>
    public int FieldOfColumn(int column) => column < _columnField.Length ? _columnField[column] : -1;

    private readonly int[] _columnField = ColumnFields(binding);

    private static int[] ColumnFields(HeaderBinding binding)
    {
        var columnField = Enumerable.Repeat(-1, binding.Header.Count).ToArray();
        for (var f = 0; f < binding.FieldColumns.Length; f++)
            if (binding.FieldColumns[f] >= 0) columnField[binding.FieldColumns[f]] = f;
        return columnField;
    }

    /// <summary>Reports an error in one cell: it counts as an invalid cell and is located by the file's column.</summary>
    public void ReportCell(ValidationError error, long row, int column)
    {
        CellsInvalid++;
        Issues.Report(error with { Row = row, Column = Binding.Header[column], ColumnNumber = column + 1 });
    }

    /// <summary>The field's column as the file names it (the field's name when it has none).</summary>
    public string ColumnLabel(FieldCheck check)
    {
        var col = Binding.FieldColumns[check.Index];
        return col >= 0 ? Binding.Header[col] : check.Field.Name;
    }

    public int? ColumnNumber(FieldCheck check)
    {
        var col = Binding.FieldColumns[check.Index];
        return col >= 0 ? col + 1 : null;
    }
}
