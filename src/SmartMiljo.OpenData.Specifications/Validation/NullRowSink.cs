using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>Discards rows: for validating without storing (the CLI, the validate endpoint).</summary>
public sealed class NullRowSink : IRowSink
{
    public static readonly NullRowSink Instance = new();

    public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
