using System.Globalization;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation.Checks;

/// <summary>
/// Unique fields and the primary key: each value (or key) is known by an 8-byte hash and the
/// first row that had it. Text keys of a UTF-8 record are hashed straight from the cell's bytes
/// (decoded, so they hash as their string would), and their slot is fetched from memory at the
/// start of the row (<see cref="Prefetch"/>) so that the wait overlaps the cell checks.
/// </summary>
internal sealed class UniqueKeyCheck : IDisposable
{
    /// <summary>Stands in the values of a UTF-8 row for a valid text cell of a key that was left
    /// as bytes: the key checks hash and show it from the record.</summary>
    public static readonly object KeyText = new();

    private readonly RunContext _run;
    private readonly Utf8CellText _text;
    private readonly RowHashIndex?[] _unique;
    private readonly int[] _primaryKey;
    private readonly RowHashIndex? _primaryKeys;
    private readonly bool _primaryKeySharesUnique;
    private readonly ulong[] _keyHashes;
    private Utf8CsvRecordParser? _record;

    public UniqueKeyCheck(RunContext run, Utf8CellText text)
    {
        _run = run;
        _text = text;
        _unique = run.Fields.Select(c => c.Field.Constraints.Unique ? new RowHashIndex() : null).ToArray();
        _primaryKey = run.Schema.PrimaryKey.Select(run.Schema.IndexOf).ToArray();
        // A one-field key that is also unique would fill a second index with the very same
        // hashes and rows: share it and hash each key once.
        if (_primaryKey.Length == 1 && _unique[_primaryKey[0]] is { } shared) { _primaryKeys = shared; _primaryKeySharesUnique = true; }
        else if (_primaryKey.Length > 0) _primaryKeys = new RowHashIndex();
        KeyTextFields = run.Fields.Select(c => c.Field.Type == FieldType.String && IsKey(c.Index)).ToArray();
        _keyHashes = new ulong[run.Fields.Length];
    }

    /// <summary>Whether the field is unique or part of the primary key.</summary>
    public bool IsKey(int field) => _unique[field] is not null || _primaryKey.Contains(field);

    /// <summary>Per field: a text key, hashed from the bytes and left as <see cref="KeyText"/> in the values.</summary>
    public bool[] KeyTextFields { get; }

    /// <summary>With a required key that must be unique, two identical rows always clash on the
    /// key and are reported there.</summary>
    public bool HasRequiredKey =>
        _run.Fields.Any(c => c.Required && c.Field.Constraints.Unique)
        || _primaryKey.Length > 0 && _primaryKey.All(k => _run.Fields[k].Required);

    /// <summary>Hashes the text keys of the row now and has their slots fetched while the cells
    /// are checked; <see cref="Check"/> then uses these hashes.</summary>
    public void Prefetch(Utf8CsvRecordParser record)
    {
        var fieldColumns = _run.Binding.FieldColumns;
        for (var k = 0; k < KeyTextFields.Length; k++)
        {
            if (!KeyTextFields[k] || _unique[k] is not { } seen) continue;
            var col = fieldColumns[k];
            if (col < 0 || col >= record.FieldCount) continue;
            var hash = Hash64.Add(Hash64.Start, _text.Decode(record.Field(col)));
            _keyHashes[k] = hash;
            seen.Prefetch(hash);
        }
    }

    /// <summary>Checks a UTF-8 row whose text keys may be left in the record.</summary>
    public int Check(object?[] values, long row, Utf8CsvRecordParser record)
    {
        _record = record;
        var errors = Check(values, row);
        _record = null;
        return errors;
    }

    public int Check(object?[] values, long row)
    {
        var errors = 0;
        var keyClashed = false;
        for (var k = 0; k < _unique.Length; k++)
        {
            if (_unique[k] is not { } seen || values[k] is not { } value) continue;
            // A text key left in the record was hashed (the same way) by Prefetch.
            var hash = ReferenceEquals(value, KeyText) ? _keyHashes[k] : AddKeyValue(Hash64.Start, k, value);
            if (seen.TryAdd(hash, row)) continue;
            if (_primaryKeySharesUnique && k == _primaryKey[0]) keyClashed = true;
            errors++;
            _run.CellsInvalid++;
            var check = _run.Fields[k];
            _run.Issues.Report(new UniqueError(KeyValueText(k, value), seen.FirstRow(hash))
            {
                Row = row, Column = _run.ColumnLabel(check), ColumnNumber = _run.ColumnNumber(check),
            });
        }
        if (_primaryKeys is not null && (!_primaryKeySharesUnique || keyClashed))
        {
            var hash = Hash64.Start;
            foreach (var k in _primaryKey)
            {
                if (values[k] is null) return errors; // a missing key part is reported as required/missing already
                hash = AddKeyValue(hash, k, values[k]);
            }
            if (_primaryKeySharesUnique ? keyClashed : !_primaryKeys.TryAdd(hash, row))
            {
                errors++;
                var key = string.Join(", ", _primaryKey.Select(k => KeyValueText(k, values[k])));
                var names = string.Join(", ", _primaryKey.Select(k => _run.Schema.Fields[k].Name));
                _run.Issues.Report(new PrimaryKeyError(key, _primaryKeys.FirstRow(hash)) { Row = row, Column = names });
            }
        }
        return errors;
    }

    /// <summary>Hashes a key value; text left in a UTF-8 record hashes as its string would.</summary>
    private ulong AddKeyValue(ulong hash, int field, object? value) =>
        ReferenceEquals(value, KeyText) ? Hash64.Add(hash, _text.Decode(_record!.Field(_run.Binding.FieldColumns[field]))) : Hash64.Add(hash, value);

    private string? KeyValueText(int field, object? value) =>
        ReferenceEquals(value, KeyText) ? _record!.FieldString(_run.Binding.FieldColumns[field]) : Convert.ToString(value, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var index in _unique) index?.Dispose();
        if (!_primaryKeySharesUnique) _primaryKeys?.Dispose();
    }
}
