using System.Buffers.Binary;
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
        // DECIMAL(38,18) holds every exact decimal the validator accepts (Core.Tabular.ExactDecimal).
        FieldType.Decimal => new ValueColumn<decimal>(new DecimalDataField(field.Name, Core.Tabular.ExactDecimal.Precision,
            Core.Tabular.ExactDecimal.MaxFractionDigits, forceByteArrayEncoding: false, isNullable: true), capacity, v => (decimal)v),
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
        FieldType.GeoPoint => new PointColumn(field.Name, capacity),
        FieldType.Geometry => new GeometryColumn(field.Name, capacity),
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

    /// <summary>
    /// Text column. Each value's characters are copied into one reusable buffer as it arrives and the
    /// column keeps only slices of it, so the rows' string objects die young instead of staying alive
    /// for the whole row group (long enough to be promoted to gen 2, where they pile up as garbage
    /// until a full collection), and no per-group array of strings is allocated.
    /// </summary>
    private sealed class StringColumn(string name, int capacity, FieldDefinition definition) : ParquetColumn
    {
        private readonly SlicedBuffer<char> _buffer = new(capacity, typicalLength: 16);
        private readonly DataField _field = new DataField<string>(name, true);

        public override DataField Field => _field;
        public override void Add(object? value)
        {
            if (value is null) _buffer.AddNull();
            else _buffer.Add((value as string ?? CellText.Format(value, definition)).AsSpan());
        }
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAsync<ReadOnlyMemory<char>>(_field, _buffer.Values, null, null, ct);
        public override void Clear() => _buffer.Clear();
    }

    /// <summary>Binary column of points as ISO WKB (GeoParquet's encoding), written into a reusable
    /// buffer like <see cref="StringColumn"/>'s.</summary>
    internal sealed class PointColumn(string name, int capacity) : ParquetColumn
    {
        private readonly SlicedBuffer<byte> _buffer = new(capacity, typicalLength: Wkb.PointLength);
        private readonly DataField _field = new DataField<byte[]>(name, true);

        public override DataField Field => _field;
        public override void Add(object? value)
        {
            if (value is null) _buffer.AddNull();
            else Wkb.WritePoint(_buffer.Reserve(Wkb.PointLength), (GeoPoint)value);
        }
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAsync<ReadOnlyMemory<byte>>(_field, _buffer.Values, null, null, ct);
        public override void Clear() => _buffer.Clear();
    }

    /// <summary>Binary column of any geometry as ISO WKB (GeoParquet's encoding), vertices as stored.</summary>
    internal sealed class GeometryColumn(string name, int capacity) : ParquetColumn
    {
        private readonly SlicedBuffer<byte> _buffer = new(capacity, typicalLength: 256);
        private readonly DataField _field = new DataField<byte[]>(name, true);

        public override DataField Field => _field;
        public override void Add(object? value)
        {
            if (value is null) _buffer.AddNull();
            else _buffer.Add(Core.Tabular.GeometryText.ToWkb((NetTopologySuite.Geometries.Geometry)value));
        }
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct) =>
            rowGroup.WriteAsync<ReadOnlyMemory<byte>>(_field, _buffer.Values, null, null, ct);
        public override void Clear() => _buffer.Clear();
    }

    /// <summary>Variable-length values of one row group, stored back to back in one array that is
    /// reused for the next group (grown when a group needs more; earlier slices keep the old array
    /// until the group is written).</summary>
    private sealed class SlicedBuffer<T>(int capacity, int typicalLength)
    {
        private readonly ReadOnlyMemory<T>?[] _values = new ReadOnlyMemory<T>?[capacity];
        private T[] _items = new T[capacity * typicalLength];
        private int _used;
        private int _count;

        public ReadOnlyMemory<ReadOnlyMemory<T>?> Values => _values.AsMemory(0, _count);

        public void AddNull() => _values[_count++] = null;

        public void Add(ReadOnlySpan<T> value) => value.CopyTo(Reserve(value.Length));

        /// <summary>Adds a value of <paramref name="length"/> items and returns where to write it.</summary>
        public Span<T> Reserve(int length)
        {
            if (_used + length > _items.Length)
            {
                _items = new T[Math.Max(_items.Length * 2, _used + length)];
                _used = 0;
            }
            var slice = _items.AsMemory(_used, length);
            _values[_count++] = slice;
            _used += length;
            return slice.Span;
        }

        public void Clear()
        {
            Array.Clear(_values, 0, _count);
            _count = 0;
            _used = 0;
        }
    }
}

/// <summary>Well-known binary for a 2D point: little-endian byte order, type 1, x = longitude, y = latitude.</summary>
internal static class Wkb
{
    public const int PointLength = 21;

    public static void WritePoint(Span<byte> wkb, GeoPoint point)
    {
        wkb[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(wkb[1..], 1u);
        BinaryPrimitives.WriteDoubleLittleEndian(wkb[5..], point.Longitude);
        BinaryPrimitives.WriteDoubleLittleEndian(wkb[13..], point.Latitude);
    }
}
