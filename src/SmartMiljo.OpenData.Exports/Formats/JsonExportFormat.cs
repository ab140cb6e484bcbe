using System.Text.Json;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports.Formats;

/// <summary>A JSON array with one object per row, keyed by field name, in the schema's field order.</summary>
public sealed class JsonExportFormat : IExportFormat
{
    public string Key => "json";
    public string Extension => "json";
    public string MediaType => "application/json";

    public bool Applies(TableLayout layout) => layout.Schema.Fields.Count > 0;

    public async Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        var schema = context.Layout.Schema;
        var names = JsonCells.PropertyNames(schema);

        await using var writer = new Utf8JsonWriter(output, JsonCells.WriterOptions);
        writer.WriteStartArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            RowShape.Check(row, names.Length);
            writer.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                writer.WritePropertyName(names[i]);
                JsonCells.WriteValue(writer, row[i], schema.Fields[i]);
            }
            writer.WriteEndObject();
            if (writer.BytesPending >= JsonCells.FlushThresholdBytes) await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(ct);
    }
}
