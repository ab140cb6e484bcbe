using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parquet;
using SmartMiljo.OpenData.Api.OData;
using SmartMiljo.OpenData.Api.Ogc;
using SmartMiljo.OpenData.Api.Tests.OData;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Exports;
using SmartMiljo.OpenData.Exports.Storage;
using SmartMiljo.OpenData.Storage.Rows;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Api.Tests;

/// <summary>
/// One column naming for all formats: a source with the headers <c>Objekt-ID</c> and <c>Antal besök</c> is
/// <c>objekt_id</c> and <c>antal_besok</c> in the stored CSV, XLSX, Parquet, JSON and GeoJSON files, in OData and in
/// OGC API Features; the headers stay as labels (Table Schema title, the workbook's columns sheet, queryables titles).
/// </summary>
public sealed class ColumnNamingTests : IAsyncLifetime
{
    private static readonly string[] Expected = ["objekt_id", "antal_besok", "latitud", "longitud"];

    private static readonly TableSchema SourceSchema = new()
    {
        Fields =
        [
            new FieldDefinition { Name = "Objekt-ID", Type = FieldType.String, Title = "Objekt-ID" },
            new FieldDefinition { Name = "Antal besök", Type = FieldType.Integer, Title = "Antal besök" },
            new FieldDefinition { Name = "Latitud", Type = FieldType.Number },
            new FieldDefinition { Name = "Longitud", Type = FieldType.Number },
        ],
        PrimaryKey = ["Objekt-ID"],
        Geometry = new GeometryMapping("Latitud", "Longitud"),
    };

    private static readonly object?[][] Rows =
    [
        ["A-1", 120L, 57.70, 11.97],
        ["A-2", null, 57.71, 11.98],
    ];

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"naming-tests-{Guid.NewGuid():N}.db");
    private readonly TemporaryDirectory _files = new();
    private SqliteRowDatabase _database = null!;
    private PublishedDataset _dataset = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private IReadOnlyList<GeneratedDownload> _downloads = [];
    private FileSystemDownloadStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = new SqliteRowDatabase(new SqliteConnectionStringBuilder { DataSource = _databasePath, Pooling = false }.ToString());
        _dataset = TestDatasets.Published(TestDatasets.Organisation, "besok", "t_besok_v1", SourceSchema, Rows.Length, "Besök");
        await TestRowTables.CreateAsync(_database, _dataset.TableName, SourceSchema, Rows);

        // The stored download files, written as the Downloads stage writes them.
        _store = new FileSystemDownloadStore(_files.Path);
        var rows = TestRowTables.StoreFor(_database);
        _downloads = await new DownloadGenerator(_store).GenerateAsync("exempelkommun/besok/v1",
            new ExportContext(_dataset.Layout, _dataset.Title, _dataset.Description, null),
            token => rows.ReadRowsAsync(_dataset.TableName, _dataset.Layout, token), CancellationToken.None);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IPublishedDatasets>(new InMemoryPublishedDatasets([_dataset]));
        builder.Services.AddSingleton<IRowDatabase>(_database);
        builder.Services.AddODataService(_ => { });
        builder.Services.AddOgcFeatures();
        _app = builder.Build();
        _app.MapODataEndpoints();
        _app.MapOgcFeatureEndpoints();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address + "/") };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databasePath);
        _files.Dispose();
    }

    private async Task<byte[]> FileAsync(string format)
    {
        // As served: JSON and GeoJSON are stored only as .gz, the zip is put together from the stored files.
        var download = _downloads.Single(d => d.Format == format);
        using var copy = new MemoryStream();
        if (ZipOnRequest.IsAssembled(download.StorageKey))
        {
            Assert.True(await ZipOnRequest.WriteAsync(_store, download.StorageKey, copy, CancellationToken.None));
            return copy.ToArray();
        }
        await using var stored = (await StoredDownloads.OpenAsync(_store, download.StorageKey, download.ByteSize))!;
        await stored.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Csv_and_excel_csv_headers_are_the_odata_identifiers()
    {
        var csv = Encoding.UTF8.GetString(await FileAsync("csv"));
        Assert.Equal(string.Join(',', Expected), csv.Split("\r\n")[0]);
        Assert.Equal("A-1,120,57.7,11.97", csv.Split("\r\n")[1]);
        var excel = Encoding.UTF8.GetString(await FileAsync("excel.csv")).TrimStart('\uFEFF');
        Assert.Equal(string.Join(',', Expected), excel.Split("\r\n")[0]);
    }

    [Fact]
    public async Task Xlsx_header_row_has_the_identifiers_and_a_columns_sheet_keeps_the_source_headers()
    {
        using var zip = new ZipArchive(new MemoryStream(await FileAsync("xlsx")));
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var sheets = XDocument.Load(zip.GetEntry("xl/workbook.xml")!.Open()).Descendants(ns + "sheet").Select(s => (string)s.Attribute("name")!).ToList();
        Assert.Equal(["Data", "Kolumner (Columns)"], sheets);

        List<List<string>> RowsOf(string part) => XDocument.Load(zip.GetEntry(part)!.Open()).Descendants(ns + "row")
            .Select(r => r.Elements(ns + "c").Select(c => c.Value).ToList()).ToList();
        Assert.Equal(Expected, RowsOf("xl/worksheets/sheet1.xml")[0]);
        var columns = RowsOf("xl/worksheets/sheet2.xml");
        Assert.Equal(["objekt_id", "Objekt-ID", "string"], columns[1].Take(3));
        Assert.Equal(["antal_besok", "Antal besök", "integer"], columns[2].Take(3));
        Assert.Equal(["latitud", "Latitud", "number"], columns[3].Take(3));
    }

    [Fact]
    public async Task Parquet_columns_are_the_identifiers()
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(await FileAsync("parquet")));
        Assert.Equal([.. Expected, "geometry"], reader.Schema.DataFields.Select(f => f.Name));
        Assert.Contains("\"primary_column\":\"geometry\"", reader.CustomMetadata["geo"]);
    }

    [Fact]
    public async Task Json_and_geojson_properties_are_the_identifiers()
    {
        var json = JsonDocument.Parse(await FileAsync("json")).RootElement;
        Assert.Equal(Expected, json[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(120, json[0].GetProperty("antal_besok").GetInt64());

        var geojson = JsonDocument.Parse(await FileAsync("geojson")).RootElement;
        var feature = geojson.GetProperty("features")[0];
        Assert.Equal("A-1", feature.GetProperty("id").GetString());
        Assert.Equal(Expected, feature.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Zip_schema_names_the_identifiers_and_keeps_the_source_headers_as_titles()
    {
        using var zip = new ZipArchive(new MemoryStream(await FileAsync("zip")));
        Assert.NotNull(zip.GetEntry("data.csv") ?? zip.GetEntry("v1.csv"));
        using var schemaReader = new StreamReader(zip.GetEntry(ZipBundle.SchemaName)!.Open());
        var schema = TableSchemaJson.Parse(await schemaReader.ReadToEndAsync());
        Assert.Equal(Expected, schema.Fields.Select(f => f.Name));
        Assert.Equal(["Objekt-ID", "Antal besök", "Latitud", "Longitud"], schema.Fields.Select(f => f.Title));
        Assert.Equal(["objekt_id"], schema.PrimaryKey);
        Assert.Equal(new GeometryMapping("latitud", "longitud"), schema.Geometry);
        using var readme = new StreamReader(zip.GetEntry(ZipBundle.ReadmeName)!.Open());
        Assert.Contains("- antal_besok (integer): Antal besök", await readme.ReadToEndAsync());
    }

    [Fact]
    public async Task Odata_and_ogc_api_use_the_same_names_and_ogc_queryables_title_them_with_the_headers()
    {
        var odata = JsonDocument.Parse(await _client.GetStringAsync("odata/exempelkommun/besok?$orderby=objekt_id")).RootElement;
        var first = odata.GetProperty("value")[0];
        Assert.Equal(Expected, first.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@') && n != "location"));

        var items = JsonDocument.Parse(await _client.GetStringAsync("ogc/collections/exempelkommun_besok/items")).RootElement;
        var properties = items.GetProperty("features")[0].GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(Expected, properties.Where(n => n != "location"));

        var queryables = JsonDocument.Parse(await _client.GetStringAsync("ogc/collections/exempelkommun_besok/queryables?f=json")).RootElement
            .GetProperty("properties");
        Assert.Equal("Antal besök", queryables.GetProperty("antal_besok").GetProperty("title").GetString());
        Assert.Equal("Latitud", queryables.GetProperty("latitud").GetProperty("title").GetString());
    }

    [Fact]
    public void Published_layout_is_stable_and_keeps_deduplicated_identifiers()
    {
        var layout = new TableLayout(new TableSchema
        {
            Fields = [new FieldDefinition { Name = "Antal besök" }, new FieldDefinition { Name = "antal_besok" }, new FieldDefinition { Name = "_row" }],
        });
        var published = layout.Published();
        Assert.Equal(["antal_besok", "antal_besok_2", "row"], published.Schema.Fields.Select(f => f.Name));
        Assert.Equal(["Antal besök", "antal_besok", "_row"], published.Schema.Fields.Select(f => f.Title));
        Assert.Same(published, published.Published());
        Assert.Equal(layout.ColumnNames, published.ColumnNames);
        // Every download format sees the published naming, whichever layout its caller had.
        Assert.True(new ExportContext(layout, "t", null, null).Layout.IsPublished);
        Assert.True((new ExportContext(layout, "t", null, null) with { Layout = layout }).Layout.IsPublished);
    }
}
