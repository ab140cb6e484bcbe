using Parquet;
using Parquet.Schema;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Exports.Formats.Columnar;

/// <summary>One Parquet column being filled for the current row group.</summary>
internal abstract class ParquetColumn
{
    public abstract DataField Field { get; }
    public abstract void Add(object? value);
    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct);
    public abstract void Clear();

    /// <summary>The typed column for a schema field: native Parquet logical types wherever one fits.</summary>
    public static ParquetColumn For(FieldDefinition field, int capacity) => field.Type switch
    {
        FieldType.String => new StringColumn(field.Name, capacity, field),
        FieldType.Integer => new ValueColumn<long>(new DataField<long?>(field.Name), capacity, v => (long)v),
        FieldType.Number => new ValueColumn<double>(new DataField<double?>(field.Name), capacity, v => (double)v),
        FieldType.Boolean => new ValueColumn<bool>(new DataField<bool?>(field.Name), capacity, v => (bool)v),
        FieldType.Date => new ValueColumn<DateOnly>(new DataField<DateOnly?>(field.Name), capacity, v => (DateOnly)v),
        // Parquet timestamps are instants (UTC-adjusted); the original offset is not kept, the instant is.
        FieldType.DateTime => new ValueColumn<DateTime>(
            new DateTimeDataField(field.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, true),
            capacity, v => ((DateTimeOffset)v).UtcDateTime),
        // TIME(MICROS) is physically microseconds since midnight.
        FieldType.Time => new ValueColumn<long>(new TimeDataField(field.Name, TimeUnitPrecision.Micros, true),
            capacity, v => ((TimeOnly)v).Ticks / TimeSpan.TicksPerMicrosecond),
        FieldType.Year => new ValueColumn<int>(new DataField<int?>(field.Name), capacity, v => (int)v),
        FieldType.GeoPoint => new BinaryColumn(field.Name, capacity, v => Wkb.Point((GeoPoint)v)),
        _ => new StringColumn(field.Name, capacity, field),
    };

    private sealed class ValueColumn<T>(DataField dataField, int capacity, Func<object, T> convert) : ParquetColumn where T : struct
    {
        private readonly T?[] _values = new T?[capacity];
        private int _count;

        public override DataField Field => dataField;
        public override void Add(object? value)
        {
            try
            {
                _values[_count++] = value is null ? null : convert(value);
            }
            catch (InvalidCastException)
            {
                throw new InvalidDataException(
                    $"Field '{dataField.Name}' holds a {value!.GetType().Name} where the schema's type needs {typeof(T).Name}.");
            }
        }
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAsync<T>(dataField, _values.AsMemory(0, _count), null, null, ct);
        public override void Clear() => _count = 0;
    }

    private sealed class StringColumn(string name, int capacity, FieldDefinition definition) : ParquetColumn
    {
        private readonly List<string?> _values = new(capacity);
        private readonly DataField _field = new DataField<string>(name, true);

        public override DataField Field => _field;
        public override void Add(object? value) =>
            _values.Add(value is null ? null : value as string ?? CellText.Format(value, definition));
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAsync(_field, _values!, null);
        public override void Clear() => _values.Clear();
    }

    /// <summary>Binary column; geometry cells hold ISO WKB (GeoParquet's encoding).</summary>
    internal sealed class BinaryColumn(string name, int capacity, Func<object, byte[]> convert) : ParquetColumn
    {
        private readonly List<byte[]?> _values = new(capacity);
        private readonly DataField _field = new DataField<byte[]>(name, true);

        public override DataField Field => _field;
        public override void Add(object? value) => _values.Add(value is null ? null : convert(value));
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAsync(_field, _values!, null);
        public override void Clear() => _values.Clear();
    }
}

/// <summary>Well-known binary for a 2D point: little-endian byte order, type 1, x = longitude, y = latitude.</summary>
internal static class Wkb
{
    public static byte[] Point(GeoPoint point)
    {
        var wkb = new byte[21];
        wkb[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(wkb.AsSpan(1), 1u);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(wkb.AsSpan(5), point.Longitude);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(wkb.AsSpan(13), point.Latitude);
        return wkb;
    }
}
