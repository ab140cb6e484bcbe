using System.IO.Compression;
using System.Text;
using System.Xml;

namespace SmartMiljo.OpenData.Exports.Formats.Xlsx;

/// <summary>The small fixed parts of the workbook package, written after the sheets are known.</summary>
internal static class XlsxPackageParts
{
    public const string SpreadsheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public const int DateStyle = 1;
    public const int DateTimeStyle = 2;
    public const int TimeStyle = 3;
    public const int HeaderStyle = 4;

    /// <summary>Text shown and kept as text even if it starts like a formula: Excel's leading apostrophe (quotePrefix).</summary>
    public const int QuotedTextStyle = 5;

    private const string ContentTypesNs = "http://schemas.openxmlformats.org/package/2006/content-types";
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string OfficeDocumentRel = OfficeRelationshipsNs + "/officeDocument";
    private const string CorePropertiesRel = RelationshipsNs + "/metadata/core-properties";
    private const string WorksheetRel = OfficeRelationshipsNs + "/worksheet";
    private const string StylesRel = OfficeRelationshipsNs + "/styles";

    /// <summary>Characters are sanitised before writing, so the writer need not re-check them.</summary>
    public static XmlWriterSettings XmlSettings { get; } = new()
    {
        Encoding = new UTF8Encoding(false),
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.None,
    };

    public static string SheetPath(int sheetNumber) => $"xl/worksheets/sheet{sheetNumber}.xml";

    /// <summary>The last sheet, after the data sheets: each column's name, the source's header, type and description.</summary>
    public const string ColumnsSheetName = "Kolumner (Columns)";

    public static string SheetName(int sheetNumber) => sheetNumber == 1 ? "Data" : $"Data {sheetNumber}";

    /// <summary>Writes the package parts of <paramref name="dataSheetCount"/> data sheets followed by the columns sheet.</summary>
    public static void Write(ZipArchive zip, int dataSheetCount, ExportContext context)
    {
        var sheetCount = dataSheetCount + 1;
        WriteXml(zip, "[Content_Types].xml", xml => ContentTypes(xml, sheetCount));
        WriteXml(zip, "_rels/.rels", xml => Relationships(xml,
            ("rId1", OfficeDocumentRel, "xl/workbook.xml"), ("rId2", CorePropertiesRel, "docProps/core.xml")));
        WriteXml(zip, "docProps/core.xml", xml => CoreProperties(xml, context));
        WriteXml(zip, "xl/_rels/workbook.xml.rels", xml => Relationships(xml,
            Enumerable.Range(1, sheetCount).Select(n => ($"rId{n}", WorksheetRel, $"worksheets/sheet{n}.xml"))
                .Append(("rIdStyles", StylesRel, "styles.xml")).ToArray()));
        WriteXml(zip, "xl/workbook.xml", xml => Workbook(xml, dataSheetCount));
        WriteXml(zip, "xl/styles.xml", Styles);
    }

    private static void Workbook(XmlWriter xml, int dataSheetCount)
    {
        xml.WriteStartElement("workbook", SpreadsheetNs);
        xml.WriteAttributeString("xmlns", "r", null, OfficeRelationshipsNs);
        xml.WriteStartElement("sheets", SpreadsheetNs);
        for (var n = 1; n <= dataSheetCount + 1; n++)
            Element(xml, "sheet", ("name", n > dataSheetCount ? ColumnsSheetName : SheetName(n)), ("sheetId", $"{n}"), ("r:id", $"rId{n}"));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>Cell formats, in the order of the style constants: default, date, date-time, time, bold header, quoted text.</summary>
    private static void Styles(XmlWriter xml)
    {
        xml.WriteStartElement("styleSheet", SpreadsheetNs);
        Container(xml, "numFmts", () =>
        {
            Element(xml, "numFmt", ("numFmtId", "164"), ("formatCode", "yyyy-mm-dd"));
            Element(xml, "numFmt", ("numFmtId", "165"), ("formatCode", "yyyy-mm-dd hh:mm:ss"));
            Element(xml, "numFmt", ("numFmtId", "166"), ("formatCode", "hh:mm:ss"));
        }, 3);
        Container(xml, "fonts", () =>
        {
            Font(xml, bold: false);
            Font(xml, bold: true);
        }, 2);
        Container(xml, "fills", () =>
        {
            Container(xml, "fill", () => Element(xml, "patternFill", ("patternType", "none")));
            Container(xml, "fill", () => Element(xml, "patternFill", ("patternType", "gray125")));
        }, 2);
        Container(xml, "borders", () => Container(xml, "border", () =>
        {
            foreach (var side in new[] { "left", "right", "top", "bottom", "diagonal" }) Element(xml, side);
        }), 1);
        Container(xml, "cellStyleXfs", () => Element(xml, "xf", ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0")), 1);
        Container(xml, "cellXfs", () =>
        {
            Element(xml, "xf", ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"));
            foreach (var format in new[] { "164", "165", "166" })
                Element(xml, "xf", ("numFmtId", format), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"), ("applyNumberFormat", "1"));
            Element(xml, "xf", ("numFmtId", "0"), ("fontId", "1"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"), ("applyFont", "1"));
            Element(xml, "xf", ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"), ("quotePrefix", "1"));
        }, 6);
        xml.WriteEndElement();

        static void Font(XmlWriter xml, bool bold) => Container(xml, "font", () =>
        {
            if (bold) Element(xml, "b");
            Element(xml, "sz", ("val", "11"));
            Element(xml, "name", ("val", "Calibri"));
        });
    }

    private static void Container(XmlWriter xml, string name, Action content, int? count = null)
    {
        xml.WriteStartElement(name, SpreadsheetNs);
        if (count is { } n) xml.WriteAttributeString("count", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        content();
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, params (string Name, string Value)[] attributes)
    {
        xml.WriteStartElement(name, SpreadsheetNs);
        foreach (var (attribute, value) in attributes)
        {
            if (attribute.StartsWith("r:", StringComparison.Ordinal))
                xml.WriteAttributeString("r", attribute[2..], OfficeRelationshipsNs, value);
            else
                xml.WriteAttributeString(attribute, value);
        }
        xml.WriteEndElement();
    }

    private static void ContentTypes(XmlWriter xml, int sheetCount)
    {
        xml.WriteStartElement("Types", ContentTypesNs);
        Default("rels", "application/vnd.openxmlformats-package.relationships+xml");
        Default("xml", "application/xml");
        Override("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        for (var n = 1; n <= sheetCount; n++)
            Override("/" + SheetPath(n), "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
        Override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
        Override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
        xml.WriteEndElement();

        void Default(string extension, string type)
        {
            xml.WriteStartElement("Default", ContentTypesNs);
            xml.WriteAttributeString("Extension", extension);
            xml.WriteAttributeString("ContentType", type);
            xml.WriteEndElement();
        }

        void Override(string part, string type)
        {
            xml.WriteStartElement("Override", ContentTypesNs);
            xml.WriteAttributeString("PartName", part);
            xml.WriteAttributeString("ContentType", type);
            xml.WriteEndElement();
        }
    }

    private static void Relationships(XmlWriter xml, params (string Id, string Type, string Target)[] relationships)
    {
        xml.WriteStartElement("Relationships", RelationshipsNs);
        foreach (var (id, type, target) in relationships)
        {
            xml.WriteStartElement("Relationship", RelationshipsNs);
            xml.WriteAttributeString("Id", id);
            xml.WriteAttributeString("Type", type);
            xml.WriteAttributeString("Target", target);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>Title and author as shown in Excel's file properties.</summary>
    private static void CoreProperties(XmlWriter xml, ExportContext context)
    {
        const string cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
        const string dc = "http://purl.org/dc/elements/1.1/";
        xml.WriteStartElement("cp", "coreProperties", cp);
        xml.WriteAttributeString("xmlns", "dc", null, dc);
        xml.WriteElementString("dc", "title", dc, XlsxSheetWriter.ExcelSafeText(context.DatasetTitle));
        if (context.Publisher is { } publisher) xml.WriteElementString("dc", "creator", dc, XlsxSheetWriter.ExcelSafeText(publisher));
        if (context.Description is { } description) xml.WriteElementString("dc", "description", dc, XlsxSheetWriter.ExcelSafeText(description));
        xml.WriteEndElement();
    }

    private static void WriteXml(ZipArchive zip, string path, Action<XmlWriter> write)
    {
        using var entry = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var xml = XmlWriter.Create(entry, XmlSettings);
        xml.WriteStartDocument(standalone: true);
        write(xml);
        xml.WriteEndDocument();
    }
}
