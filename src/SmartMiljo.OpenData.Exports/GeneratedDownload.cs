namespace SmartMiljo.OpenData.Exports;

/// <summary>One generated download file, as recorded for DCAT (dcat:byteSize, spdx:checksum).</summary>
/// <param name="Format">The format's file extension, e.g. <c>csv</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the stored bytes.</param>
public sealed record GeneratedDownload(string Format, string MediaType, string StorageKey, long ByteSize, string Sha256);
