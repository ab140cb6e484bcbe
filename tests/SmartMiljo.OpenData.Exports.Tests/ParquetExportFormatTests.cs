using System.Buffers.Binary;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using SmartMiljo.OpenData.Exports.Formats;

namespace SmartMiljo.OpenData.Exports.Tests;

public class ParquetExportFormatTests
{
    private static async Task<ParquetReader> ReadAsync(IExportFormat? format = null) =>
        await ParquetReader.CreateAsync(new MemoryStream(
            await Export.ToBytesAsync(format ?? ExportFormats.Parquet, SampleTables.Context, SampleTables.Rows)));

    private static async Task<T?[]> ColumnAsync<T>(ParquetReader reader, string name, int rowGroup = 0) where T : struct
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var values = new T?[group.RowCount];
        await group.ReadAsync<T>(reader.Schema.GetDataFields().Single(f => f.Name == name), values.AsMemory());
        return values;
    }

    private static async Task<string?[]> StringsAsync(ParquetReader reader, string name)
    {
        using var group = reader.OpenRowGroupReader(0);
        var values = new string?[group.RowCount];
        await group.ReadAsync(reader.Schema.GetDataFields().Single(f => f.Name == name), values.AsMemory());
        return values;
    }

    [Fact]
    public async Task Columns_are_typed_per_field_and_nulls_stay_null()
    {
        await using var reader = await ReadAsync();
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        Assert.Equal(typeof(long), fields["antal_besokare"].ClrType);
        Assert.Equal(typeof(double), fields["vattentemperatur"].ClrType);
        Assert.Equal(typeof(bool), fields["handikappanpassad"].ClrType);
        Assert.Equal(typeof(int), fields["byggar"].ClrType);
        Assert.IsType<DateTimeDataField>(fields["uppdaterad"]);
        Assert.IsType<TimeDataField>(fields["oppnar"]);

        Assert.Equal(["Östra stranden, Hällingsjö", null, "Åsa \"Badet\"\r\nrad två"], await StringsAsync(reader, "namn"));
        Assert.Equal([1234L, null, long.MaxValue], await ColumnAsync<long>(reader, "antal_besokare"));
        Assert.Equal([19.5, null, 0.1 + 0.2], await ColumnAsync<double>(reader, "vattentemperatur"));
        Assert.Equal([true, null, false], await ColumnAsync<bool>(reader, "handikappanpassad"));
        Assert.Equal([1968, null, 2024], await ColumnAsync<int>(reader, "byggar"));
    }

    [Fact]
    public async Task Timestamps_are_utc_instants_and_times_are_microseconds_since_midnight()
    {
        await using var reader = await ReadAsync();
        var instants = await ColumnAsync<DateTime>(reader, "uppdaterad");
        Assert.Equal(SampleTables.SummerMorning.UtcDateTime, instants[0]);
        Assert.Equal(new DateTime(2024, 6, 21, 7, 30, 0, DateTimeKind.Utc), instants[0]);
        Assert.Null(instants[1]);
        var times = await ColumnAsync<long>(reader, "oppnar");
        Assert.Equal(8L * 3600 * 1_000_000, times[0]);
        Assert.Equal((23L * 3600 + 59 * 60 + 30) * 1_000_000 + 500_000, times[2]);
        Assert.True(((DateTimeDataField)reader.Schema.GetDataFields().Single(f => f.Name == "uppdaterad")).IsAdjustedToUTC);
    }

    [Fact]
    public async Task Geometry_is_a_wkb_point_column_described_by_geoparquet_metadata()
    {
        await using var reader = await ReadAsync();
        using var geo = JsonDocument.Parse(reader.CustomMetadata["geo"]);
        Assert.Equal("geometry", geo.RootElement.GetProperty("primary_column").GetString());
        Assert.Equal("WKB", geo.RootElement.GetProperty("columns").GetProperty("geometry").GetProperty("encoding").GetString());

        using var group = reader.OpenRowGroupReader(0);
        var wkb = new byte[]?[group.RowCount];
        await group.ReadAsync(reader.Schema.GetDataFields().Single(f => f.Name == "geometry"), wkb.AsMemory());
        var point = wkb[0]!;
        Assert.Equal(21, point.Length);
        Assert.Equal(1, point[0]); // little endian
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(point.AsSpan(1))); // Point
        Assert.Equal(12.2417, BinaryPrimitives.ReadDoubleLittleEndian(point.AsSpan(5))); // x = longitude
        Assert.Equal(57.6412, BinaryPrimitives.ReadDoubleLittleEndian(point.AsSpan(13))); // y = latitude
        Assert.Null(wkb[1]);
    }

    [Fact]
    public async Task Rows_are_split_into_bounded_row_groups()
    {
        await using var reader = await ReadAsync(new ParquetExportFormat(rowGroupSize: 2));
        Assert.Equal(2, reader.RowGroupCount);
        Assert.Equal(["SE0441273000000003"], (await ColumnAsync2(reader)).ToArray());

        static async Task<string?[]> ColumnAsync2(ParquetReader reader)
        {
            using var group = reader.OpenRowGroupReader(1);
            var values = new string?[group.RowCount];
            await group.ReadAsync(reader.Schema.GetDataFields().Single(f => f.Name == "id"), values.AsMemory());
            return values;
        }
    }

    [Fact]
    public async Task An_empty_table_is_a_readable_file_with_the_schema()
    {
        var bytes = await Export.ToBytesAsync(ExportFormats.Parquet, SampleTables.Context, []);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        Assert.Equal(SampleTables.BathingSites.Fields.Count + 1, reader.Schema.GetDataFields().Length);
        Assert.Equal(0, reader.RowGroups.Sum(g => g.RowCount));
    }

    [Fact]
    public async Task Output_is_streamed_while_rows_are_produced()
    {
        var (beforeLastRow, total) = await Export.MeasureStreamingAsync(new ParquetExportFormat(rowGroupSize: 10_000), 100_000);
        Assert.True(beforeLastRow > total / 2, $"Only {beforeLastRow} of {total} bytes were written before the last row.");
    }

    /// <summary>A row group's values are kept as copies, not as the rows' own strings: holding those
    /// for a whole group let them outlive young collections and pile up in gen 2.</summary>
    [Fact]
    public async Task A_row_group_being_filled_does_not_keep_the_rows_strings_alive()
    {
        WeakReference? firstName = null;
        var collectedMidGroup = false;
        async IAsyncEnumerable<object?[]> RowsAsync()
        {
            await foreach (var row in SampleTables.Many(1_500))
            {
                firstName ??= Track(row[1]!);
                if (row[2] is 500L)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    collectedMidGroup = !firstName.IsAlive;
                }
                yield return row;
            }
        }

        using var buffer = new MemoryStream();
        await new ParquetExportFormat(rowGroupSize: 1_000).WriteAsync(new ForwardOnlyStream(buffer), SampleTables.Context, RowsAsync(), CancellationToken.None);

        Assert.True(collectedMidGroup, "The first row's name was still referenced halfway through its row group.");
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(buffer.ToArray()));
        Assert.Equal(2, reader.RowGroupCount);
        Assert.Equal("Badplats nr 0 vid sjön Ösjön", (await StringsAsync(reader, "namn"))[0]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference Track(object value) => new(value);

    [Fact]
    public async Task Long_texts_and_nulls_survive_the_reused_buffers_across_row_groups()
    {
        var texts = Enumerable.Range(0, 25).Select(i => i % 4 == 3 ? null : new string((char)('a' + i % 26), i * 37) + "åäö").ToArray();
        var rows = texts.Select((t, i) => SampleTables.Rows[0].Select((v, c) => c == 1 ? t : v).ToArray()).ToArray();

        var bytes = await Export.ToBytesAsync(new ParquetExportFormat(rowGroupSize: 4), SampleTables.Context, rows);

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var names = new List<string?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var values = new string?[group.RowCount];
            await group.ReadAsync(reader.Schema.GetDataFields().Single(f => f.Name == "namn"), values.AsMemory());
            names.AddRange(values);
        }
        Assert.Equal(texts, names);
    }
}
