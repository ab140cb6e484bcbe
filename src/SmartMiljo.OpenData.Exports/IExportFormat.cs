using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Exports;

/// <summary>One bulk-download file format generated from a version's typed rows.</summary>
public interface IExportFormat
{
    /// <summary>Stable identifier, e.g. <c>csv</c>, <c>csv-bom</c>, <c>geojson</c>.</summary>
    string Key { get; }

    /// <summary>File extension used in download URLs and storage keys (may contain a dot, e.g. <c>excel.csv</c>).</summary>
    string Extension { get; }

    /// <summary>IANA media type of the file.</summary>
    string MediaType { get; }

    /// <summary>Whether the format can represent this table (GeoJSON needs coordinates).</summary>
    bool Applies(TableLayout layout);

    /// <summary>Writes the whole file. <paramref name="output"/> may be non-seekable; rows are
    /// consumed once, in order, and the format keeps at most a bounded batch of them in memory.</summary>
    Task WriteAsync(Stream output, ExportContext context, IAsyncEnumerable<object?[]> rows, CancellationToken ct);
}
