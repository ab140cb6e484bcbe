using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Harvesting.Pipeline;

/// <summary>Passes rows on while noting the extent of their coordinates, for DCAT's spatial coverage.</summary>
internal sealed class BoundingBoxSink(IRowSink inner, TableSchema schema) : IRowSink
{
    private readonly int _lat = schema.Geometry is { } g ? schema.IndexOf(g.LatitudeField) : -1;
    private readonly int _lon = schema.Geometry is { } g ? schema.IndexOf(g.LongitudeField) : -1;

    public double? MinLatitude { get; private set; }
    public double? MaxLatitude { get; private set; }
    public double? MinLongitude { get; private set; }
    public double? MaxLongitude { get; private set; }

    public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default)
    {
        if (_lat >= 0 && values[_lat] is double lat && values[_lon] is double lon)
        {
            MinLatitude = Math.Min(MinLatitude ?? lat, lat);
            MaxLatitude = Math.Max(MaxLatitude ?? lat, lat);
            MinLongitude = Math.Min(MinLongitude ?? lon, lon);
            MaxLongitude = Math.Max(MaxLongitude ?? lon, lon);
        }
        return inner.WriteRowAsync(rowNumber, values, cancellationToken);
    }
}
