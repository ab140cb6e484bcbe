using System.Text;

namespace SmartMiljo.OpenData.Specifications.Reading;

/// <summary>How a CSV source is read. Everything is sniffed when left null.</summary>
public sealed record CsvReadOptions
{
    /// <summary>Forces an encoding instead of detecting it.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>Forces a delimiter instead of sniffing it.</summary>
    public char? Delimiter { get; init; }

    /// <summary>How many bytes are buffered for sniffing encoding and delimiter.</summary>
    public int SniffBytes { get; init; } = 64 * 1024;

    /// <summary>A record longer than this (in characters) stops the read with a clear error, so a
    /// file without line breaks cannot exhaust memory.</summary>
    public int MaxRecordLength { get; init; } = 8 * 1024 * 1024;

    /// <summary>A header with more columns than this is rejected (a sign of a wrong delimiter or a binary file).</summary>
    public int MaxColumns { get; init; } = 2000;

    /// <summary>Reads UTF-8 through the general decode-then-split path instead of splitting bytes.
    /// Both give the same records; this exists so tests can prove that.</summary>
    public bool DecodeBeforeSplitting { get; init; }
}
