using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Storage.Rows;

/// <summary>
/// Encodes typed rows in PostgreSQL's binary COPY format (a signature and header, then per row a field
/// count and per field a length and the value in the type's binary send format, then a trailer) into
/// pooled byte chunks. Written by hand rather than through Npgsql's importer because a load writes tens
/// of millions of values: here each is a few stores into a buffer, with no per-value type dispatch,
/// boxing of the row number or geometry object, and the caller's array is not kept, so it need not be copied.
/// </summary>
internal sealed class BinaryCopyRowEncoder
{
    public const int ChunkSize = 256 * 1024;

    /// <summary>"PGCOPY\n\xff\r\n\0".</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>PostGIS extended WKB for a point with an SRID: little-endian, type 1 with the SRID flag, 4326.</summary>
    private const uint EwkbPointWithSrid = 1u | 0x20000000u;
    private const int EwkbPointLength = 1 + 4 + 4 + 8 + 8;

    private readonly FieldType[] _types;
    private readonly short _fieldCount;
    private readonly int _latitude = -1;
    private readonly int _longitude = -1;
    private readonly Action<ArraySegment<byte>> _chunkFull;
    private byte[] _chunk;
    private int _position;

    /// <param name="chunkFull">Receives each filled chunk (rented from <see cref="ArrayPool{T}.Shared"/>;
    /// the receiver returns it) when the next value no longer fits, and the last one on <see cref="Finish"/>.</param>
    public BinaryCopyRowEncoder(TableLayout layout, Action<ArraySegment<byte>> chunkFull)
    {
        _types = layout.Schema.Fields.Select(f => f.Type).ToArray();
        _fieldCount = checked((short)(1 + _types.Length + (layout.Schema.Geometry is null ? 0 : 1)));
        if (layout.Schema.Geometry is { } geometry)
        {
            _latitude = layout.Schema.IndexOf(geometry.LatitudeField);
            _longitude = layout.Schema.IndexOf(geometry.LongitudeField);
        }
        _chunkFull = chunkFull;
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        Signature.CopyTo(_chunk);
        _position = Signature.Length;
        WriteInt32(0); // flags: no OIDs
        WriteInt32(0); // no header extension
    }

    /// <summary>The columns a row carries, in order: <c>_row</c>, the schema's fields, then <c>_geom</c> when the schema maps one.</summary>
    public static IEnumerable<string> Columns(TableLayout layout)
    {
        yield return RowTableFormat.RowNumberColumnName;
        foreach (var column in layout.ColumnNames) yield return column;
        if (layout.Schema.Geometry is not null) yield return PostgresRowFormat.GeographyColumnName;
    }

    public void WriteRow(long rowNumber, object?[] values)
    {
        Reserve(2 + 4 + 8);
        WriteInt16(_fieldCount);
        WriteInt32(8);
        WriteInt64(rowNumber);
        for (var i = 0; i < _types.Length; i++)
        {
            if (values[i] is { } value) WriteValue(value, _types[i]);
            else WriteNull();
        }
        if (_latitude >= 0)
        {
            if (PostgresRowFormat.TryGetPosition(values[_latitude], values[_longitude], out var longitude, out var latitude))
                WritePoint(longitude, latitude);
            else WriteNull();
        }
    }

    /// <summary>Appends the trailer and hands over the last chunk. The encoder is done afterwards.</summary>
    public void Finish()
    {
        Reserve(2);
        WriteInt16(-1);
        _chunkFull(new ArraySegment<byte>(_chunk, 0, _position));
        _chunk = [];
        _position = 0;
    }

    /// <summary>Returns the chunk being filled to the pool (a load that is abandoned).</summary>
    public void Discard()
    {
        if (_chunk.Length > 0) ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = [];
    }

    private void WriteValue(object value, FieldType type)
    {
        switch (type)
        {
            case FieldType.Integer:
                Reserve(12); WriteInt32(8); WriteInt64(value is long l ? l : Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case FieldType.Number:
                Reserve(12); WriteInt32(8);
                WriteInt64(BitConverter.DoubleToInt64Bits(value is double d ? d : Convert.ToDouble(value, CultureInfo.InvariantCulture))); break;
            case FieldType.Boolean:
                Reserve(5); WriteInt32(1); _chunk[_position++] = (bool)value ? (byte)1 : (byte)0; break;
            case FieldType.Date:
                Reserve(8); WriteInt32(4); WriteInt32(((DateOnly)value).DayNumber - PostgresEpochDay); break;
            case FieldType.DateTime:
                // timestamptz is microseconds since 2000-01-01 UTC; the offset only says how it was written.
                Reserve(12); WriteInt32(8); WriteInt64((((DateTimeOffset)value).UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond); break;
            case FieldType.Time:
                Reserve(12); WriteInt32(8); WriteInt64(((TimeOnly)value).Ticks / TimeSpan.TicksPerMicrosecond); break;
            case FieldType.Year:
                Reserve(8); WriteInt32(4); WriteInt32(value is int y ? y : Convert.ToInt32(value, CultureInfo.InvariantCulture)); break;
            case FieldType.Geometry:
                WriteBytes(PostgresRowFormat.GeographyEwkb((NetTopologySuite.Geometries.Geometry)value)); break;
            case FieldType.Decimal:
                WriteNumeric((decimal)value); break;
            default:
                WriteText(value as string ?? PostgresRowFormat.ToText(value)); break;
        }
    }

    private void WriteText(string text)
    {
        // Most cells are short: the worst case (3 bytes per UTF-16 unit) fits, so encode straight in and
        // write the length afterwards instead of measuring the string first.
        var worstCase = text.Length * 3;
        if (worstCase <= ChunkSize - 4)
        {
            Reserve(4 + worstCase);
            var written = Encoding.UTF8.GetBytes(text, _chunk.AsSpan(_position + 4));
            WriteInt32(written);
            _position += written;
            return;
        }
        // A long text is written across chunks.
        WriteBytes(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A value given as its bytes, across chunks when it is longer than one.</summary>
    private void WriteBytes(byte[] bytes)
    {
        Reserve(4);
        WriteInt32(bytes.Length);
        var remaining = bytes.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (_position == _chunk.Length) Reserve(1);
            var part = Math.Min(remaining.Length, _chunk.Length - _position);
            remaining[..part].CopyTo(_chunk.AsSpan(_position));
            _position += part;
            remaining = remaining[part..];
        }
    }

    /// <summary>
    /// numeric's binary form: the count of base-10000 digits, the weight of the first (its power of 10000), the
    /// sign, the display scale (decimal digits after the point), then the digits, each grouped from the point.
    /// </summary>
    private void WriteNumeric(decimal value)
    {
        var text = Math.Abs(value).ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.');
        var integer = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        var integerGroups = (integer.Length + 3) / 4;
        var padded = integer.PadLeft(integerGroups * 4, '0') + fraction.PadRight((fraction.Length + 3) / 4 * 4, '0');
        Span<short> groups = stackalloc short[padded.Length / 4];
        for (var g = 0; g < groups.Length; g++) groups[g] = short.Parse(padded.AsSpan(g * 4, 4), CultureInfo.InvariantCulture);
        var weight = integerGroups - 1;
        var first = 0;
        while (first < groups.Length && groups[first] == 0) { first++; weight--; }
        var last = groups.Length;
        while (last > first && groups[last - 1] == 0) last--;
        var digits = groups[first..last];
        if (digits.IsEmpty) weight = 0;
        Reserve(4 + 8 + 2 * digits.Length);
        WriteInt32(8 + 2 * digits.Length);
        WriteInt16((short)digits.Length);
        WriteInt16((short)weight);
        WriteInt16(value < 0 && !digits.IsEmpty ? (short)0x4000 : (short)0);
        WriteInt16((short)fraction.Length);
        foreach (var digit in digits) WriteInt16(digit);
    }

    private void WritePoint(double longitude, double latitude)
    {
        Reserve(4 + EwkbPointLength);
        WriteInt32(EwkbPointLength);
        _chunk[_position++] = 1; // little-endian (NDR)
        BinaryPrimitives.WriteUInt32LittleEndian(_chunk.AsSpan(_position), EwkbPointWithSrid);
        BinaryPrimitives.WriteUInt32LittleEndian(_chunk.AsSpan(_position + 4), 4326);
        BinaryPrimitives.WriteDoubleLittleEndian(_chunk.AsSpan(_position + 8), longitude);
        BinaryPrimitives.WriteDoubleLittleEndian(_chunk.AsSpan(_position + 16), latitude);
        _position += 24;
    }

    private void WriteNull()
    {
        Reserve(4);
        WriteInt32(-1);
    }

    /// <summary>Makes room for <paramref name="bytes"/> (at most a chunk), handing over the current chunk when it is too full.</summary>
    private void Reserve(int bytes)
    {
        if (_position + bytes <= _chunk.Length) return;
        _chunkFull(new ArraySegment<byte>(_chunk, 0, _position));
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _position = 0;
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_chunk.AsSpan(_position), value);
        _position += 2;
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_chunk.AsSpan(_position), value);
        _position += 4;
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_chunk.AsSpan(_position), value);
        _position += 8;
    }
}
