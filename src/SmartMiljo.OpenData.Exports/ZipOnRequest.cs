using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Exports;

/// <summary>
/// The "all formats" zip, not stored but put together on each request from what is stored: a text file's
/// entry is the deflate data inside its stored <c>.gz</c> (a gzip member is a deflate stream with a header and a
/// CRC-32 trailer, and a zip entry is the same deflate stream with a local header), so nothing is compressed
/// again; the Excel CSV view is the CSV's deflate data behind a stored block holding the byte-order mark, its
/// CRC joined from the two (<see cref="Crc32.Combine"/>); XLSX and Parquet are stored entries. Only the small
/// parts list (<see cref="PartsSuffix"/>: README.txt, schema.json and which stored file each entry reads) is
/// saved at publish, so the same version always gives byte-identical zips: fixed entry times (the version's
/// publication time), no compression done at request time, the README as written at publish. Its size and
/// SHA-256 (the DCAT checksum and the strong ETag) are computed once at publish by building it into a hash.
/// </summary>
public static class ZipOnRequest
{
    /// <summary>Key suffix of the stored parts list a zip distribution records instead of a zip file.</summary>
    public const string PartsSuffix = ".zip-parts";

    /// <summary>Above this the offsets and sizes need Zip64, which this writer does not do; the zip is then stored
    /// as a file (<see cref="ZipBundle"/>).</summary>
    private const long MaximumTotalBytes = 0xF000_0000;

    private const ushort VersionNeeded = 20;
    private const ushort Utf8Names = 1 << 11;
    private const ushort Stored = 0;
    private const ushort Deflated = 8;

    /// <summary>A stored deflate block (not final) holding the UTF-8 byte-order mark, put before the CSV's deflate data.</summary>
    private static readonly byte[] ByteOrderMarkBlock = [0x00, 0x03, 0x00, 0xFC, 0xFF, 0xEF, 0xBB, 0xBF];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsAssembled(string storageKey) => storageKey.EndsWith(PartsSuffix, StringComparison.Ordinal);

    /// <summary>Whether the files are small enough for a zip without Zip64.</summary>
    public static bool Fits(IReadOnlyList<GeneratedDownload> files) => files.Sum(f => Math.Max(0, f.ByteSize)) < MaximumTotalBytes;

    /// <summary>One zip entry: a text written at publish, or a stored download.</summary>
    private sealed record Part(string Name, string? Text, string? StorageKey, long ByteSize, bool ExcelView);

    private sealed record Parts(ushort DosTime, ushort DosDate, IReadOnlyList<Part> Entries);

    /// <summary>Saves the parts list of the version's zip and records the zip it stands for.</summary>
    public static async Task<GeneratedDownload> SaveAsync(IDownloadStore store, string basePrefix, ExportContext context,
        IReadOnlyList<GeneratedDownload> files, CancellationToken ct)
    {
        var baseName = ZipBundle.BaseNameOf(context);
        List<Part> entries =
        [
            new(ZipBundle.ReadmeName, ZipBundle.Readme(context, baseName, files), null, 0, false),
            new(ZipBundle.SchemaName, TableSchemaJson.Serialize(context.Layout.Schema, indented: true), null, 0, false),
            .. files.Select(f => new Part($"{baseName}.{f.Format}", null, f.StorageKey, f.ByteSize, ExcelCsvView.IsViewOfCsv(f.Format, f.StorageKey))),
        ];
        var (time, date) = DosDateTime(context.PublishedAt);
        var parts = new Parts(time, date, entries);
        var key = basePrefix + PartsSuffix;
        await store.SaveAsync(key, (stream, token) => JsonSerializer.SerializeAsync(stream, parts, Json, token), ct);
        await using var hashing = new HashingWriteStream(Stream.Null);
        await WriteAsync(store, parts, hashing, ct);
        return new GeneratedDownload(ZipBundle.Extension, ZipBundle.MediaType, key, hashing.BytesWritten, hashing.Sha256Hex());
    }

    /// <summary>Writes the zip whose parts list is stored under <paramref name="partsKey"/>; false when the list is gone.</summary>
    public static async Task<bool> WriteAsync(IDownloadStore store, string partsKey, Stream output, CancellationToken ct)
    {
        Parts? parts;
        await using (var file = await store.OpenAsync(partsKey, ct))
        {
            if (file is null) return false;
            parts = await JsonSerializer.DeserializeAsync<Parts>(file.Content, Json, ct);
        }
        if (parts is null) throw new InvalidDataException($"'{partsKey}' holds no zip parts list.");
        await WriteAsync(store, parts, output, ct);
        return true;
    }

    /// <summary>DOS date and time of the publication (UTC), or the DOS epoch when unknown.</summary>
    private static (ushort Time, ushort Date) DosDateTime(DateTimeOffset? at)
    {
        var t = at?.UtcDateTime is { Year: >= 1980 and < 2108 } utc ? utc : new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return ((ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2)), (ushort)(((t.Year - 1980) << 9) | (t.Month << 5) | t.Day));
    }

    private sealed record CentralEntry(byte[] Name, ushort Method, uint Crc, long CompressedSize, long Size, long Offset);

    private static async Task WriteAsync(IDownloadStore store, Parts parts, Stream output, CancellationToken ct)
    {
        long offset = 0;
        var central = new List<CentralEntry>();
        var buffer = new byte[128 * 1024];
        foreach (var part in parts.Entries)
        {
            var name = Encoding.UTF8.GetBytes(part.Name);
            var source = await SourceOfAsync(store, part, ct);
            var entry = new CentralEntry(name, source.Method, source.Crc, source.CompressedSize, source.Size, offset);
            var header = LocalHeader(entry, parts);
            await output.WriteAsync(header, ct);
            await source.WriteAsync(output, buffer, ct);
            offset += header.Length + entry.CompressedSize;
            central.Add(entry);
        }
        var directoryStart = offset;
        foreach (var entry in central)
        {
            var record = CentralHeader(entry, parts);
            await output.WriteAsync(record, ct);
            offset += record.Length;
        }
        await output.WriteAsync(EndOfCentralDirectory(central.Count, offset - directoryStart, directoryStart), ct);
        await output.FlushAsync(ct);
    }

    /// <summary>Where an entry's bytes come from, with what its headers need to say up front.</summary>
    private sealed record EntrySource(ushort Method, uint Crc, long CompressedSize, long Size, Func<Stream, byte[], CancellationToken, Task> WriteAsync);

    private static async Task<EntrySource> SourceOfAsync(IDownloadStore store, Part part, CancellationToken ct)
    {
        if (part.Text is { } text)
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            return new EntrySource(Stored, Crc32.Compute(bytes), bytes.Length, bytes.Length, (output, _, token) => output.WriteAsync(bytes, token).AsTask());
        }
        var key = part.StorageKey!;
        var gzipKey = DownloadEncodings.Gzip.KeyFor(key);
        if (await GzipMember.ReadAsync(store, gzipKey, ct) is { } member)
        {
            if (part.ExcelView)
            {
                var crc = Crc32.Combine(Crc32.Compute(ExcelCsvView.ByteOrderMarkBytes), member.Crc, part.ByteSize - ExcelCsvView.PrefixLength);
                return new EntrySource(Deflated, crc, ByteOrderMarkBlock.Length + member.DeflateLength, part.ByteSize, async (output, buffer, token) =>
                {
                    await output.WriteAsync(ByteOrderMarkBlock, token);
                    await member.CopyDeflateAsync(store, gzipKey, output, buffer, token);
                });
            }
            return new EntrySource(Deflated, member.Crc, member.DeflateLength, part.ByteSize,
                (output, buffer, token) => member.CopyDeflateAsync(store, gzipKey, output, buffer, token));
        }
        // No .gz (XLSX, Parquet, a guarded Excel CSV, older versions): stored as it is, its CRC read first.
        var identity = key;
        var fileCrc = await CrcOfAsync(store, identity, part.ExcelView, ct);
        return new EntrySource(Stored, fileCrc, part.ByteSize, part.ByteSize, async (output, buffer, token) =>
        {
            await using var file = await OpenIdentityAsync(store, identity, part, token);
            long copied = 0;
            int read;
            while ((read = await file.ReadAsync(buffer, token)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), token);
                copied += read;
            }
            if (copied != part.ByteSize) throw new InvalidDataException($"'{identity}' is {copied} bytes, recorded as {part.ByteSize}.");
        });
    }

    private static async Task<Stream> OpenIdentityAsync(IDownloadStore store, string key, Part part, CancellationToken ct)
    {
        var file = await StoredDownloads.OpenAsync(store, key, part.ByteSize, ct)
            ?? throw new InvalidOperationException($"The zip needs '{key}', which is not in the download store.");
        return part.ExcelView ? ExcelCsvView.Open(file.Content) : file.Content;
    }

    private static async Task<uint> CrcOfAsync(IDownloadStore store, string key, bool excelView, CancellationToken ct)
    {
        await using var content = await OpenIdentityAsync(store, key, new Part("", null, key, -1, excelView), ct);
        var buffer = new byte[128 * 1024];
        var crc = 0u;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0) crc = Crc32.Append(crc, buffer.AsSpan(0, read));
        return crc;
    }

    private static byte[] LocalHeader(CentralEntry entry, Parts parts)
    {
        var header = new byte[30 + entry.Name.Length];
        var s = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], Utf8Names);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], parts.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], parts.DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[14..], entry.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(s[18..], checked((uint)entry.CompressedSize));
        BinaryPrimitives.WriteUInt32LittleEndian(s[22..], checked((uint)entry.Size));
        BinaryPrimitives.WriteUInt16LittleEndian(s[26..], (ushort)entry.Name.Length);
        entry.Name.CopyTo(s[30..]);
        return header;
    }

    private static byte[] CentralHeader(CentralEntry entry, Parts parts)
    {
        var header = new byte[46 + entry.Name.Length];
        var s = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], Utf8Names);
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], parts.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], parts.DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], entry.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], checked((uint)entry.CompressedSize));
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], checked((uint)entry.Size));
        BinaryPrimitives.WriteUInt16LittleEndian(s[28..], (ushort)entry.Name.Length);
        // extra, comment, disk number, internal and external attributes: none
        BinaryPrimitives.WriteUInt32LittleEndian(s[42..], checked((uint)entry.Offset));
        entry.Name.CopyTo(s[46..]);
        return header;
    }

    private static byte[] EndOfCentralDirectory(int entries, long directorySize, long directoryOffset)
    {
        var record = new byte[22];
        var s = record.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], checked((ushort)entries));
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], checked((ushort)entries));
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], checked((uint)directorySize));
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], checked((uint)directoryOffset));
        return record;
    }

    /// <summary>A stored single-member gzip file (RFC 1952): where its deflate data lies and the CRC-32 of what it holds.</summary>
    private sealed record GzipMember(long DeflateStart, long DeflateLength, uint Crc)
    {
        public static async Task<GzipMember?> ReadAsync(IDownloadStore store, string key, CancellationToken ct)
        {
            await using var file = await store.OpenAsync(key, ct);
            if (file is null) return null;
            var content = file.Content;
            var start = await HeaderLengthAsync(content, key, ct);
            var trailer = new byte[8];
            if (content.CanSeek)
            {
                content.Seek(file.Length - 8, SeekOrigin.Begin);
                await content.ReadExactlyAsync(trailer, ct);
            }
            else
            {
                await SkipAsync(content, file.Length - 8 - start, ct);
                await content.ReadExactlyAsync(trailer, ct);
            }
            return new GzipMember(start, file.Length - 8 - start, BinaryPrimitives.ReadUInt32LittleEndian(trailer));
        }

        public async Task CopyDeflateAsync(IDownloadStore store, string key, Stream output, byte[] buffer, CancellationToken ct)
        {
            await using var file = await store.OpenAsync(key, ct)
                ?? throw new InvalidOperationException($"The zip needs '{key}', which is not in the download store.");
            var content = file.Content;
            if (content.CanSeek) content.Seek(DeflateStart, SeekOrigin.Begin);
            else await SkipAsync(content, DeflateStart, ct);
            var left = DeflateLength;
            while (left > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
                if (read == 0) throw new InvalidDataException($"'{key}' ended {left} bytes early.");
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                left -= read;
            }
        }

        private static async Task<long> HeaderLengthAsync(Stream content, string key, CancellationToken ct)
        {
            var fixedPart = new byte[10];
            await content.ReadExactlyAsync(fixedPart, ct);
            if (fixedPart[0] != 0x1f || fixedPart[1] != 0x8b || fixedPart[2] != 8)
                throw new InvalidDataException($"'{key}' is not a deflate gzip file.");
            var flags = fixedPart[3];
            long length = 10;
            if ((flags & 4) != 0)
            {
                var extraLength = new byte[2];
                await content.ReadExactlyAsync(extraLength, ct);
                var extra = BinaryPrimitives.ReadUInt16LittleEndian(extraLength);
                await SkipAsync(content, extra, ct);
                length += 2 + extra;
            }
            foreach (var zeroTerminated in new[] { 8, 16 })
            {
                if ((flags & zeroTerminated) == 0) continue;
                var one = new byte[1];
                do
                {
                    await content.ReadExactlyAsync(one, ct);
                    length++;
                } while (one[0] != 0);
            }
            if ((flags & 2) != 0)
            {
                await SkipAsync(content, 2, ct);
                length += 2;
            }
            return length;
        }

        private static async Task SkipAsync(Stream content, long count, CancellationToken ct)
        {
            var skip = new byte[(int)Math.Min(64 * 1024, Math.Max(1, count))];
            while (count > 0)
            {
                var read = await content.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, count)), ct);
                if (read == 0) throw new EndOfStreamException();
                count -= read;
            }
        }
    }
}
