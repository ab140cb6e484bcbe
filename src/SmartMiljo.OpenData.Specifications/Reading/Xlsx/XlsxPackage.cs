using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace SmartMiljo.OpenData.Specifications.Reading.Xlsx;

/// <summary>
/// The zip package of a workbook and the parts the reader needs: the workbook's sheet list, the
/// sheet asked for, shared strings and styles. Every part is read through an <see cref="XmlReader"/>
/// that refuses DTDs and deep nesting, from a stream that stops at the unpacked-size limit whatever
/// the zip's directory claims (a compression bomb may lie about its sizes).
/// </summary>
internal sealed class XlsxPackage : IDisposable
{
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Elements nested deeper than this end the read: a sheet is about six levels deep.</summary>
    public const int MaxDepth = 32;

    private readonly ZipArchive _zip;
    private readonly long _maxUnpackedBytes;
    private long _unpacked;

    private XlsxPackage(ZipArchive zip, long maxUnpackedBytes)
    {
        _zip = zip;
        _maxUnpackedBytes = maxUnpackedBytes;
    }

    public static XlsxPackage Open(Stream seekable, long maxUnpackedBytes)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: false); }
        catch (InvalidDataException e) { throw XlsxFormatException.NotAPackage(e.Message, e); }
        try
        {
            GuardAgainstBomb(zip, maxUnpackedBytes);
            return new XlsxPackage(zip, maxUnpackedBytes);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a package whose declared sizes are already beyond the limit, before anything is inflated.</summary>
    private static void GuardAgainstBomb(ZipArchive zip, long maxUnpackedBytes)
    {
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (total > maxUnpackedBytes) throw TooLarge(maxUnpackedBytes);
            if (entry.CompressedLength > 0 && entry.Length > 100L * 1024 * 1024 && entry.Length / entry.CompressedLength > 1000)
                throw new XlsxFormatException(
                    $"Delen \"{entry.FullName}\" i arbetsboken är packad mer än 1000:1; den ser ut som en komprimeringsbomb.",
                    $"The part '{entry.FullName}' of the workbook compresses more than 1000:1; it looks like a compression bomb.");
        }
    }

    private static XlsxFormatException TooLarge(long max) => new(
        string.Create(CultureInfo.InvariantCulture, $"Arbetsboken packas upp till mer än {max:N0} byte (Harvesting:MaxDecompressedBytes); den ser ut som en komprimeringsbomb."),
        string.Create(CultureInfo.InvariantCulture, $"The workbook unpacks to more than {max:N0} bytes (Harvesting:MaxDecompressedBytes); it looks like a compression bomb."));

    public bool Has(string part) => _zip.GetEntry(part) is not null;

    /// <summary>An XML reader over one part, or null when the package has no such part.</summary>
    public XmlReader? Read(string part)
    {
        var entry = _zip.GetEntry(part);
        if (entry is null) return null;
        Stream stream;
        try { stream = entry.Open(); }
        catch (InvalidDataException e) { throw XlsxFormatException.NotAPackage(e.Message, e); }
        return XmlReader.Create(new LimitedStream(stream, this), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            CloseInput = true,
        });
    }

    /// <summary>The sheets in workbook order: name and part path.</summary>
    public IReadOnlyList<(string Name, string Part)> Sheets()
    {
        var targets = Relationships("xl/_rels/workbook.xml.rels", "xl/");
        var sheets = new List<(string, string)>();
        using var xml = Read("xl/workbook.xml") ?? throw XlsxFormatException.Unreadable("xl/workbook.xml saknas / is missing");
        Safely(() =>
        {
            while (NextElement(xml))
            {
                if (xml.LocalName != "sheet") continue;
                var name = xml.GetAttribute("name") ?? "";
                var id = xml.GetAttribute("id", RelationshipsNs);
                if (id is not null && targets.TryGetValue(id, out var target)) sheets.Add((name, target.Part));
            }
        });
        return sheets;
    }

    /// <summary>True for a workbook counting dates from 1904 (old Mac Excel).</summary>
    public bool Uses1904Dates()
    {
        using var xml = Read("xl/workbook.xml");
        if (xml is null) return false;
        var result = false;
        Safely(() =>
        {
            while (NextElement(xml))
                if (xml.LocalName == "workbookPr") { result = xml.GetAttribute("date1904") is "1" or "true"; return; }
                else if (xml.LocalName == "sheets") return;
        });
        return result;
    }

    /// <summary>The part the workbook's relationships name for a relationship type ending in <paramref name="typeSuffix"/>.</summary>
    public string? WorkbookPart(string typeSuffix) =>
        Relationships("xl/_rels/workbook.xml.rels", "xl/").Values.FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal)).Part;

    private Dictionary<string, (string Type, string Part)> Relationships(string part, string baseFolder)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        using var xml = Read(part);
        if (xml is null) return result;
        Safely(() =>
        {
            while (NextElement(xml))
            {
                if (xml.LocalName != "Relationship" || xml.GetAttribute("Id") is not { } id || xml.GetAttribute("Target") is not { } target) continue;
                // Targets are relative to the folder of the part owning the relationships, or absolute from the package root.
                var path = target.StartsWith('/') ? target[1..] : baseFolder + target;
                result[id] = (xml.GetAttribute("Type") ?? "", Normalise(path));
            }
        });
        return result;
    }

    private static string Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (segment is not ("" or ".")) parts.Add(segment);
        }
        return string.Join('/', parts);
    }

    /// <summary>Moves to the next start element; false at the end. Ends the read on too deep a nesting.</summary>
    public static bool NextElement(XmlReader xml)
    {
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.Depth > MaxDepth) throw TooDeep();
            return true;
        }
        return false;
    }

    /// <summary>Excel's own limit per cell is 32,767 characters; text beyond it is not kept.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>Appends the current node's text, when it is text, up to <see cref="MaxCellChars"/>;
    /// read in chunks so that one enormous text node cannot fill memory.</summary>
    public static void AppendText(XmlReader xml, System.Text.StringBuilder text)
    {
        if (xml.NodeType is not (XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA)) return;
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(4096);
        try
        {
            int n;
            while ((n = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                if (text.Length < MaxCellChars) text.Append(buffer, 0, Math.Min(n, MaxCellChars - text.Length));
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    public static XlsxFormatException TooDeep() => XlsxFormatException.Unreadable(
        $"XML-elementen är nästlade djupare än {MaxDepth} nivåer / the XML elements are nested deeper than {MaxDepth} levels");

    /// <summary>Runs a read, turning XML faults into the reader's own error.</summary>
    public static void Safely(Action read)
    {
        try { read(); }
        catch (XmlException e) { throw XlsxFormatException.Unreadable(e.Message, e); }
        catch (InvalidDataException e) { throw XlsxFormatException.NotAPackage(e.Message, e); }
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>Counts what the package's parts unpack to, all parts together, and stops at the limit.</summary>
    private sealed class LimitedStream(Stream inner, XlsxPackage package) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            package._unpacked += n;
            if (package._unpacked > package._maxUnpackedBytes) throw TooLarge(package._maxUnpackedBytes);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
