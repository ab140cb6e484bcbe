using System.Net;
using System.Xml;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;
using Microsoft.Spatial;

#pragma warning disable CS0618 // ODL 8 reads Edm.Date values as Microsoft.OData.Edm.Date
namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// Microsoft.OData.Core reads our metadata and payloads as an independent client would: CsdlReader
/// for $metadata, ODataMessageReader for service document, feeds, entities, properties and errors.
/// </summary>
public abstract class IndependentReaderTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private sealed class ResponseMessage(HttpResponseMessage response, Stream body) : IODataResponseMessage
    {
        public IEnumerable<KeyValuePair<string, string>> Headers =>
            response.Headers.Concat(response.Content.Headers).Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
        public int StatusCode { get => (int)response.StatusCode; set => throw new NotSupportedException(); }
        public string? GetHeader(string headerName) => Headers.FirstOrDefault(h => h.Key.Equals(headerName, StringComparison.OrdinalIgnoreCase)).Value;
        public void SetHeader(string headerName, string headerValue) => throw new NotSupportedException();
        public Stream GetStream() => body;
    }

    private async Task<IEdmModel> ReadModelAsync(string root)
    {
        var xml = await Client.GetStringAsync(root + "$metadata");
        using var reader = XmlReader.Create(new StringReader(xml));
        Assert.True(CsdlReader.TryParse(reader, out var model, out var errors), string.Join("; ", errors?.Select(e => e.ErrorMessage) ?? []));
        return model;
    }

    private async Task<T> ReadAsync<T>(string relative, string root, Func<ODataMessageReader, T> read, bool undeclaredProperties = false)
    {
        var model = await ReadModelAsync(root);
        using var response = await Client.GetAsync(relative);
        var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var settings = new ODataMessageReaderSettings { BaseUri = new Uri(Fixture.BaseAddress, root), EnableMessageStreamDisposal = false };
        // $apply results hold aliases the entity type does not declare (the Aggregation vocabulary's "dynamic" properties).
        if (undeclaredProperties) settings.Validations &= ~ValidationKinds.ThrowOnUndeclaredPropertyForNonOpenType;
        using var reader = new ODataMessageReader(new ResponseMessage(response, body), settings, model);
        return read(reader);
    }

    [Fact]
    public async Task Csdl_reader_parses_metadata_with_expected_types()
    {
        var model = await ReadModelAsync(Org);
        var set = model.EntityContainer.FindEntitySet("badplatser");
        Assert.NotNull(set);
        var type = set.EntityType;
        Assert.Equal(EdmPrimitiveTypeKind.Int64, type.FindProperty("djup").Type.PrimitiveKind());
        Assert.Equal(EdmPrimitiveTypeKind.GeographyPoint, type.FindProperty("location").Type.PrimitiveKind());
        Assert.Equal(["id"], type.Key().Select(k => k.Name));
        Assert.True(model.Validate(out var errors), string.Join("; ", errors.Select(e => e.ErrorMessage)));

        var regional = await ReadModelAsync("odata/");
        Assert.NotNull(regional.EntityContainer.FindEntitySet("grannkommun_badplatser"));
    }

    [Fact]
    public async Task Message_reader_reads_the_service_document()
    {
        var names = await ReadAsync(Org, Org, reader => reader.ReadServiceDocument().EntitySets.Select(e => e.Name).ToList());
        Assert.Equal(["badplatser", "intressanta_platser"], names);
    }

    [Fact]
    public async Task Message_reader_reads_a_feed_with_count_and_next_link()
    {
        var (rows, count, next) = await ReadAsync(Org + "badplatser?$count=true&$orderby=id&$top=4", Org, reader =>
        {
            var feed = reader.CreateODataResourceSetReader();
            var resources = new List<ODataResource>();
            ODataResourceSet? set = null;
            while (feed.Read())
            {
                if (feed.State == ODataReaderState.ResourceEnd) resources.Add((ODataResource)feed.Item);
                if (feed.State == ODataReaderState.ResourceSetEnd) set = (ODataResourceSet)feed.Item;
            }
            return (resources, set!.Count, set.NextPageLink);
        });
        Assert.Equal(6, count);
        Assert.Null(next);
        Assert.Equal(4, rows.Count);
        var b1 = rows[0].Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal("Ålsjön", b1["namn"]);
        Assert.Equal(3L, b1["djup"]);
        Assert.Equal(new DateOnly(2024, 6, 1), b1["datum"] is Date d ? new DateOnly(d.Year, d.Month, d.Day) : b1["datum"]);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero), b1["uppdaterad"]);
        var point = Assert.IsAssignableFrom<GeographyPoint>(b1["location"]);
        Assert.Equal(57.69, point.Latitude, 6);
        Assert.Equal(12.29, point.Longitude, 6);
        var b2 = rows[1].Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(TestDatasets.BigNumber, b2["djup"]);
    }

    [Fact]
    public async Task Message_reader_reads_paged_feed_next_link()
    {
        var next = await ReadAsync(Org + "intressanta_platser?$select=namn,position", Org, reader =>
        {
            var feed = reader.CreateODataResourceSetReader();
            ODataResourceSet? set = null;
            while (feed.Read())
                if (feed.State == ODataReaderState.ResourceSetEnd) set = (ODataResourceSet)feed.Item;
            return set!.NextPageLink;
        });
        Assert.NotNull(next);
        Assert.Contains("$skiptoken=", next!.OriginalString);
    }

    [Fact]
    public async Task Message_reader_reads_an_entity_and_a_property()
    {
        var name = await ReadAsync(Org + "badplatser('B2')", Org, reader =>
        {
            var entity = reader.CreateODataResourceReader();
            ODataResource? resource = null;
            while (entity.Read())
                if (entity.State == ODataReaderState.ResourceEnd) resource = (ODataResource)entity.Item;
            return resource!.Properties.OfType<ODataProperty>().Single(p => p.Name == "namn").Value;
        });
        Assert.Equal("Östersjöbadet", name);

        var temperature = await ReadAsync(Org + "badplatser('B4')/temperatur", Org, reader => reader.ReadProperty().Value);
        Assert.Equal(16.25, temperature);
    }

    private static List<ODataResource> Resources(ODataMessageReader reader)
    {
        var feed = reader.CreateODataResourceSetReader();
        var resources = new List<ODataResource>();
        while (feed.Read())
            if (feed.State == ODataReaderState.ResourceEnd) resources.Add((ODataResource)feed.Item);
        return resources;
    }

    private static Dictionary<string, object?> Values(ODataResource resource) =>
        resource.Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => p.Value);

    [Fact]
    public async Task Message_reader_reads_full_metadata_with_ids_and_types()
    {
        var rows = await ReadAsync(Org + "badplatser?$orderby=id&$top=2&$format=" + Escape("application/json;odata.metadata=full"), Org, Resources);
        Assert.Equal(2, rows.Count);
        Assert.Equal("SmartMiljo.OpenData.badplatser", rows[0].TypeName);
        Assert.EndsWith("badplatser('B1')", rows[0].Id.OriginalString);
        Assert.EndsWith("badplatser('B2')", rows[1].ReadLink.OriginalString);
        Assert.Equal(TestDatasets.BigNumber, Values(rows[1])["djup"]);
        Assert.IsAssignableFrom<GeographyPoint>(Values(rows[0])["location"]);
    }

    [Fact]
    public async Task Message_reader_reads_an_apply_result_with_typed_aliases()
    {
        var rows = await ReadAsync(Org + "badplatser?$apply=" + Escape("groupby((kommun),aggregate($count as antal,djup with sum as total,temperatur with average as medel))"),
            Org, Resources, undeclaredProperties: true);
        Assert.Equal(3, rows.Count);
        var mariestad = Values(rows[1]);
        Assert.Equal("Mariestad", mariestad["kommun"]);
        Assert.Equal(1L, mariestad["antal"]);
        Assert.Equal(TestDatasets.BigNumber, mariestad["total"]); // Int64, exact
        Assert.Equal(21.0, mariestad["medel"]);
    }

    /// <summary>URLs written by Microsoft.OData.Core's URI builder (parsed, then rebuilt by BuildUri) are answered as meant.</summary>
    [Theory]
    [InlineData("badplatser?$filter=kommun in ('Osby')&$orderby=id", "B3,B6")]
    [InlineData("badplatser?$filter=id eq @p&@p='B2'", "B2")]
    [InlineData("badplatser?$select=id,namn&$filter=startswith(namn,'Ö')&$top=5", "B2")]
    [InlineData("badplatser?$orderby=geo.distance(location,geography'SRID=4326;POINT(12.29 57.69)') desc&$top=2", "B6,B2")]
    [InlineData("badplatser?$filter=uppdaterad ge 2024-07-14T22:30:00Z add duration'P1D'", "B2")]
    public async Task Urls_built_by_the_odata_uri_builder_are_answered(string relative, string expectedIds)
    {
        var model = await ReadModelAsync(Org);
        var serviceRoot = new Uri(Fixture.BaseAddress, Org);
        var parsed = new Microsoft.OData.UriParser.ODataUriParser(model, serviceRoot, new Uri(serviceRoot, relative)).ParseUri();
        var built = parsed.BuildUri(ODataUrlKeyDelimiter.Parentheses);
        var ids = await ReadAsync(built.PathAndQuery, Org, reader => Resources(reader).Select(r => (string)Values(r)["id"]!).ToList());
        Assert.Equal(expectedIds.Split(','), ids);
    }

    [Fact]
    public async Task Apply_url_built_by_the_odata_uri_builder_is_answered()
    {
        var model = await ReadModelAsync(Org);
        var serviceRoot = new Uri(Fixture.BaseAddress, Org);
        var parsed = new Microsoft.OData.UriParser.ODataUriParser(model, serviceRoot,
            new Uri(serviceRoot, "badplatser?$apply=filter(djup ge 0)/groupby((kommun),aggregate(djup with max as djupast))")).ParseUri();
        var built = parsed.BuildUri(ODataUrlKeyDelimiter.Parentheses);
        Assert.Contains("apply", built.Query, StringComparison.OrdinalIgnoreCase);
        var rows = await ReadAsync(built.PathAndQuery, Org, Resources, undeclaredProperties: true);
        Assert.Equal(["Härryda:100", "Mariestad:" + TestDatasets.BigNumber, "Osby:0"],
            rows.Select(r => $"{Values(r)["kommun"]}:{Values(r)["djupast"]}"));
    }

    [Fact]
    public async Task Message_reader_reads_our_error_payload()
    {
        var error = await ReadAsync(Org + "badplatser?$filter=nosuch eq 1", Org, reader => reader.ReadError());
        Assert.Equal("BadRequest", error.Code);
        Assert.Contains("nosuch", error.Message);
    }
}

public sealed class SqliteIndependentReaderTests(SqliteServiceFixture fixture) : IndependentReaderTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresIndependentReaderTests(PostgresServiceFixture fixture) : IndependentReaderTests(fixture), IClassFixture<PostgresServiceFixture>;
