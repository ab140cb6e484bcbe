using System.Net;
using System.Text.Json;
using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;
using Microsoft.OData.Edm.Vocabularies;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// One test per item of the OData conformance lists (Protocol 4.01, section 12.1: Minimal and Intermediate, for
/// 4.0 and the 4.01 additions), read-only service. Each item either works, or is answered 501 with $metadata's
/// capability annotations saying it is not supported. Items about updates do not apply (every write is 501).
/// </summary>
public abstract class ConformanceTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(string relative, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, relative);
        configure?.Invoke(request);
        var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private async Task<IEdmModel> MetadataAsync()
    {
        using var stream = await Client.GetStreamAsync(Org + "$metadata");
        using var xml = XmlReader.Create(stream);
        Assert.True(CsdlReader.TryParse(xml, out var model, out var errors), string.Join("; ", errors.Select(e => e.ErrorMessage)));
        return model;
    }

    private async Task<string> MetadataXmlAsync() => await Client.GetStringAsync(Org + "$metadata");

    // ---------------------------------------------------------------- 4.0 Minimal

    [Fact] // Minimal 1: service document at the service root
    public async Task Minimal_01_service_document()
    {
        var json = await GetJsonAsync(Org);
        Assert.Contains(json.GetProperty("value").EnumerateArray(), s => s.GetProperty("name").GetString() == "badplatser");
    }

    [Fact] // Minimal 2: data in an OData format (JSON)
    public async Task Minimal_02_json_format()
    {
        var (status, _, response) = await SendAsync(Org + "badplatser");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(response.Content.Headers.ContentType.Parameters, p => p.Name == "odata.metadata");
    }

    [Fact] // Minimal 3: server-driven paging when returning partial results
    public async Task Minimal_03_server_driven_paging()
    {
        var json = await GetJsonAsync(Org + "intressanta_platser");
        Assert.Equal(1000, json.GetProperty("value").GetArrayLength());
        Assert.Contains("$skiptoken=", json.GetProperty("@odata.nextLink").GetString());
    }

    [Fact] // Minimal 4: the OData-Version header
    public async Task Minimal_04_odata_version_header()
    {
        var (_, _, response) = await SendAsync(Org + "badplatser");
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
    }

    [Fact] // Minimal 5.1: Accept, or fail the request
    public async Task Minimal_05_1_accept_is_honoured_or_406()
    {
        Assert.Equal(HttpStatusCode.NotAcceptable, (await SendAsync(Org + "badplatser", r => r.Headers.Accept.ParseAdd("text/csv"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Org + "badplatser", r => r.Headers.Accept.ParseAdd("application/json"))).Status);
    }

    [Fact] // Minimal 5.2: OData-MaxVersion, or fail the request
    public async Task Minimal_05_2_odata_maxversion()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(Org + "badplatser", r => r.Headers.Add("OData-MaxVersion", "3.0"))).Status);
        var (_, _, response) = await SendAsync(Org + "badplatser", r => r.Headers.Add("OData-MaxVersion", "4.01"));
        Assert.Equal("4.01", response.Headers.GetValues("OData-Version").Single());
    }

    [Fact] // Minimal 6: extensibility: custom query options and unknown headers are ignored
    public async Task Minimal_06_extensibility()
    {
        var ids = await IdsAsync("custom-option=1&$top=2");
        Assert.Equal(2, ids.Count);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Org + "badplatser", r => r.Headers.Add("X-Custom", "1"))).Status);
    }

    [Fact] // Minimal 7: parse supported options; 501 for what is not supported
    public async Task Minimal_07_unsupported_functionality_is_501()
    {
        await ErrorAsync(Org + "badplatser?$expand=x", HttpStatusCode.NotImplemented);
        await ErrorAsync(Org + "$batch", HttpStatusCode.NotImplemented);
        await ErrorAsync(Org + "badplatser?$filter=" + Escape("djup eq"), HttpStatusCode.BadRequest);
    }

    [Fact] // Minimal 8: only CSDL data types
    public async Task Minimal_08_only_csdl_types()
    {
        var model = await MetadataAsync();
        var types = model.SchemaElements.OfType<IEdmEntityType>().SelectMany(t => t.DeclaredProperties).Select(p => p.Type.Definition);
        Assert.All(types, t => Assert.Equal("Edm", ((IEdmSchemaElement)t).Namespace));
        Assert.True(model.Validate(out IEnumerable<EdmError> errors), string.Join("; ", errors));
    }

    [Fact] // Minimal 9: clients need not understand annotations or custom content
    public async Task Minimal_09_readable_without_annotations()
    {
        var json = await GetJsonAsync(Org + "badplatser?$format=" + Escape("application/json;odata.metadata=none"));
        Assert.DoesNotContain(json.EnumerateObject(), p => p.Name.StartsWith('@'));
        Assert.Equal(6, json.GetProperty("value").GetArrayLength());
    }

    [Fact] // Minimal 10: no update semantics violated: the service is read-only and says so
    public async Task Minimal_10_writes_are_501()
    {
        using var response = await Client.PostAsync(Org + "badplatser", new StringContent("{}", null, "application/json"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("Insertable", await MetadataXmlAsync());
    }

    [Fact] // Minimal 12: SHOULD support $expand: there are no navigation properties; 501, and ExpandRestrictions says so
    public async Task Minimal_12_expand_is_501_and_annotated()
    {
        await ErrorAsync(Org + "badplatser?$expand=*", HttpStatusCode.NotImplemented);
        Assert.Contains("Expandable", await MetadataXmlAsync());
    }

    [Fact] // Minimal 13: $metadata as CSDL XML
    public async Task Minimal_13_metadata_as_csdl_xml()
    {
        var (status, body, response) = await SendAsync(Org + "$metadata");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<edmx:Edmx", body);
    }

    // ---------------------------------------------------------------- 4.01 Minimal additions

    [Fact] // 4.01 Minimal: system query options case-insensitive, with or without $
    public async Task Minimal_401_option_names_without_dollar_and_in_any_case()
    {
        Assert.Equal(["B1", "B4", "B6"], await SortedIdsAsync("FILTER=" + Escape("djup lt 10 and djup gt -10")));
        Assert.Equal(2, (await IdsAsync("top=2")).Count);
    }

    [Fact] // 4.01 Minimal: format parameters and preferences without the odata. prefix
    public async Task Minimal_401_unprefixed_metadata_and_maxpagesize()
    {
        var (_, body, response) = await SendAsync(Org + "badplatser", r =>
        {
            r.Headers.Accept.ParseAdd("application/json;metadata=none");
            r.Headers.Add("Prefer", "maxpagesize=2");
        });
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(json.TryGetProperty("@odata.context", out _));
        Assert.Equal(2, json.GetProperty("value").GetArrayLength());
        Assert.Contains("odata.metadata=none", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("odata.maxpagesize=2", response.Headers.GetValues("Preference-Applied").Single());
    }

    [Fact] // 4.01: the service states the protocol versions it speaks (Core.ODataVersions)
    public async Task Minimal_401_odata_versions_annotation()
    {
        var xml = await MetadataXmlAsync();
        Assert.Contains("Term=\"Core.ODataVersions\" String=\"4.0 4.01\"", xml.Replace("Org.OData.Core.V1.", "Core."));
    }

    [Fact] // 4.01: CSDL JSON at $metadata?$format=json
    public async Task Minimal_401_csdl_json()
    {
        var json = await GetJsonAsync(Org + "$metadata?$format=json");
        Assert.Equal("4.0", json.GetProperty("$Version").GetString()[..3]);
        Assert.True(json.GetProperty("SmartMiljo.OpenData").GetProperty("badplatser").TryGetProperty("namn", out _));
    }

    // ---------------------------------------------------------------- 4.0 Intermediate

    [Fact] // Intermediate 2: parse the ABNF; 501 (not a misleading 400) for the functions not supported, and the annotation leaves them out
    public async Task Intermediate_02_unsupported_functions_are_501_and_not_annotated()
    {
        string[] filters = ["cast(djup, Edm.String) eq '3'", "isof(djup, Edm.Int64)", "uppdaterad lt maxdatetime()", "uppdaterad gt mindatetime()",
            "matchesPattern(namn, '^Å')"];
        foreach (var filter in filters)
        {
            var (status, body, _) = await SendAsync(Org + "badplatser?$filter=" + Escape(filter));
            Assert.True(status == HttpStatusCode.NotImplemented, $"{filter}: {(int)status} {body}");
            Assert.DoesNotContain("argument", body);
        }
        var model = await MetadataAsync();
        var functions = FilterFunctions(model);
        Assert.Contains("contains", functions);
        Assert.DoesNotContain("cast", functions);
        Assert.DoesNotContain("matchesPattern", functions);
    }

    private static List<string> FilterFunctions(IEdmModel model)
    {
        var container = model.EntityContainer;
        var annotation = model.VocabularyAnnotations.Single(a => a.Target == container && a.Term.Name == "FilterFunctions");
        return ((IEdmCollectionExpression)annotation.Value).Elements.Cast<IEdmStringConstantExpression>().Select(e => e.Value).ToList();
    }

    [Fact] // Intermediate 3: $select
    public async Task Intermediate_03_select()
    {
        var json = await GetJsonAsync(Org + "badplatser?$select=namn&$top=1");
        Assert.Equal(["namn"], json.GetProperty("value")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact] // Intermediate 4: casting to a derived type: the model has none; a type segment is 501
    public async Task Intermediate_04_type_cast_segment_is_501()
    {
        var model = await MetadataAsync();
        Assert.DoesNotContain(model.SchemaElements.OfType<IEdmEntityType>(), t => t.BaseType is not null);
        var (status, _, _) = await SendAsync(Org + "badplatser/SmartMiljo.OpenData.badplatser");
        Assert.Equal(HttpStatusCode.NotImplemented, status);
    }

    [Fact] // Intermediate 5: $top
    public async Task Intermediate_05_top() => Assert.Equal(3, (await IdsAsync("$top=3")).Count);

    [Fact] // Intermediate 6: /$value on individual properties
    public async Task Intermediate_06_raw_value()
    {
        Assert.Equal("Ålsjön", await Client.GetStringAsync(Org + "badplatser('B1')/namn/$value"));
    }

    [Fact] // Intermediate 7.1: $filter with eq and ne
    public async Task Intermediate_07_1_filter_eq_ne()
    {
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("id eq 'B1'")));
        Assert.Equal(5, (await IdsAsync("$filter=" + Escape("id ne 'B1'"))).Count);
    }

    [Fact] // Intermediate 7.2: parameter aliases in $filter
    public async Task Intermediate_07_2_aliases_in_filter()
    {
        Assert.Equal(["B2"], await IdsAsync("$filter=" + Escape("id eq @p") + "&@p=" + Escape("'B2'")));
        Assert.Equal(["B1", "B4"], await SortedIdsAsync("$filter=" + Escape("kommun eq @k and djup lt @d") + "&@k=" + Escape("'Härryda'") + "&@d=10"));
        await ErrorAsync(Org + "badplatser?$filter=" + Escape("id eq @missing"));
    }

    [Fact] // Intermediate 7.3: the other operators, including 4.01's divby
    public async Task Intermediate_07_3_other_operators()
    {
        Assert.Equal(["B1", "B4", "B6"], await SortedIdsAsync("$filter=" + Escape("djup ge 0 and djup le 3 or djup lt 0 and not (djup gt 0)")));
        Assert.Equal(["B5"], await IdsAsync("$filter=" + Escape("djup add 1 eq 101 and djup sub 1 eq 99 and djup mul 2 eq 200 and djup div 3 eq 33 and djup mod 7 eq 2")));
        // divby divides as decimals: 3 divby 2 is 1.5, where 3 div 2 is 1.
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("djup divby 2 eq 1.5")));
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("djup div 2 eq 1 and djup gt 0 and djup lt 10")));
        Assert.Equal(["B5"], await IdsAsync("$filter=" + Escape("djup mul 3 divby 8 eq 37.5")));
        // Inside a string literal nothing is rewritten.
        Assert.Empty(await IdsAsync("$filter=" + Escape("namn eq 'a divby b IN c'")));
    }

    [Fact] // Intermediate 7.4: canonical functions; substring's negative start is 501, never silently the whole string
    public async Task Intermediate_07_4_canonical_functions()
    {
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("startswith(namn, 'Ål') and length(namn) eq 6 and substring(namn, 1, 2) eq 'ls'")));
        var message = await ErrorAsync(Org + "badplatser?$filter=" + Escape("substring(namn, -2) eq 'ön'"), HttpStatusCode.NotImplemented);
        Assert.Contains("negative", message);
        // A computed start that turns out negative matches nothing rather than the whole string.
        Assert.Empty(await IdsAsync("$filter=" + Escape("substring(namn, byggar sub 3000) eq namn")));
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("substring(namn, byggar sub 1990) eq namn")));
        // A null start gives null (PostgreSQL's GREATEST would have skipped it and returned the whole string).
        Assert.Empty(await IdsAsync("$filter=" + Escape("id eq 'B3' and substring(namn, byggar) eq namn")));
    }

    [Fact] // Intermediate 7 (duration literals): a fixed time plus or minus a duration
    public async Task Intermediate_07_duration_literals()
    {
        Assert.Equal(["B2"], await IdsAsync("$filter=" + Escape("uppdaterad ge 2024-07-14T22:30:00Z add duration'P1D'")));
        Assert.Equal(["B2"], await IdsAsync("$filter=" + Escape("datum eq 2024-07-16 sub duration'P1D'")));
        // now() is the service's injected clock (the fixture's: 2024-07-16T12:00Z), not the machine's.
        Assert.Equal(["B2"], await IdsAsync("$filter=" + Escape("uppdaterad gt now() sub duration'P1D'")));
        Assert.Equal(["B1", "B2"], await SortedIdsAsync("$filter=" + Escape("uppdaterad gt now() sub duration'P60D'")));
        Assert.Equal(5, (await IdsAsync("$filter=" + Escape("uppdaterad lt now() add duration'PT1H'"))).Count);
        Assert.Equal(["B2"], await IdsAsync("$filter=" + Escape("uppdaterad gt 2024-07-01T00:00:00Z and uppdaterad lt now()")));
        await ErrorAsync(Org + "badplatser?$filter=" + Escape("uppdaterad add duration'P1D' gt now()"), HttpStatusCode.NotImplemented);
    }

    [Fact] // Intermediate 8: $metadata (CSDL) with the capability annotations
    public async Task Intermediate_08_metadata_with_capabilities()
    {
        var xml = await MetadataXmlAsync();
        Assert.Contains("Capabilities.V1.ConformanceLevel", xml);
        Assert.Contains("Intermediate", xml);
    }

    [Fact] // Intermediate 9: $search
    public async Task Intermediate_09_search() => Assert.Equal(["B2"], await IdsAsync("$search=" + Escape("östersjö")));

    [Fact] // Intermediate 10: $skip
    public async Task Intermediate_10_skip() => Assert.Equal(["B5", "B6"], await IdsAsync("$orderby=id&$skip=4"));

    [Fact] // Intermediate 11: $count
    public async Task Intermediate_11_count()
    {
        var json = await GetJsonAsync(Org + "badplatser?$count=true&$filter=" + Escape("kommun eq 'Härryda'"));
        Assert.Equal(3, json.GetProperty("@odata.count").GetInt32());
    }

    [Fact] // Intermediate 12: $orderby asc and desc
    public async Task Intermediate_12_orderby() =>
        Assert.Equal(["B6", "B5", "B4", "B3", "B2", "B1"], await IdsAsync("$orderby=id desc"));

    [Fact] // Intermediate 13: SHOULD support $expand: 501, annotated (no navigation properties)
    public async Task Intermediate_13_expand_is_501() => await ErrorAsync(Org + "badplatser?$expand=x", HttpStatusCode.NotImplemented);

    [Fact] // Intermediate 14: any/all on collection-valued properties: the model has none, so the parser refuses them
    public async Task Intermediate_14_lambda_operators_have_nothing_to_apply_to()
    {
        var model = await MetadataAsync();
        Assert.DoesNotContain(model.SchemaElements.OfType<IEdmEntityType>().SelectMany(t => t.DeclaredProperties), p => p.Type.IsCollection());
        await ErrorAsync(Org + "badplatser?$filter=" + Escape("namn/any(x: x eq 'a')"));
    }

    [Fact] // Intermediate 15: /$count segment
    public async Task Intermediate_15_count_segment() =>
        Assert.Equal("6", await Client.GetStringAsync(Org + "badplatser/$count"));

    // ---------------------------------------------------------------- 4.01 Intermediate additions

    [Fact] // 4.01: the in operator, in any case like the other operators
    public async Task Intermediate_401_in_operator_in_any_case()
    {
        Assert.Equal(["B3", "B6"], await SortedIdsAsync("$filter=" + Escape("kommun in ('Osby')")));
        Assert.Equal(["B3", "B6"], await SortedIdsAsync("$filter=" + Escape("kommun IN ('Osby')")));
        Assert.Equal(["B3", "B6"], await SortedIdsAsync("$filter=" + Escape("kommun In('Osby') AND djup NE 5")));
    }

    [Fact] // 4.01: $select and $filter on a single entity
    public async Task Intermediate_401_select_and_filter_on_a_single_entity()
    {
        var json = await GetJsonAsync(Org + "badplatser('B1')?$select=namn,djup");
        Assert.Equal(["@odata.context", "namn", "djup"], json.EnumerateObject().Select(p => p.Name));
        Assert.EndsWith("$metadata#badplatser(namn,djup)/$entity", json.GetProperty("@odata.context").GetString());
        var matching = await GetJsonAsync(Org + "badplatser('B1')?$filter=" + Escape("djup eq 3"));
        Assert.Equal("Ålsjön", matching.GetProperty("namn").GetString());
        await ErrorAsync(Org + "badplatser('B1')?$filter=" + Escape("djup eq 4"), HttpStatusCode.NotFound);
    }

    [Theory] // JSON format: odata.metadata=full, by Accept and by $format
    [InlineData(null)]
    [InlineData("json;odata.metadata=full")]
    [InlineData("application/json;odata.metadata=full")]
    public async Task Full_metadata_carries_types_and_ids(string? format)
    {
        var path = Org + "badplatser?$orderby=id&$top=2" + (format is null ? "" : "&$format=" + Escape(format));
        var (status, body, response) = await SendAsync(path, r => { if (format is null) r.Headers.Accept.ParseAdd("application/json;odata.metadata=full"); });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("odata.metadata=full", response.Content.Headers.ContentType!.ToString());
        var first = JsonDocument.Parse(body).RootElement.GetProperty("value")[0];
        Assert.Equal("#SmartMiljo.OpenData.badplatser", first.GetProperty("@odata.type").GetString());
        Assert.EndsWith("badplatser('B1')", first.GetProperty("@odata.id").GetString());
        Assert.Equal("#Int64", first.GetProperty("djup@odata.type").GetString());
        Assert.Equal("#Date", first.GetProperty("datum@odata.type").GetString());
        Assert.Equal("#GeographyPoint", first.GetProperty("location@odata.type").GetString());
        Assert.False(first.TryGetProperty("namn@odata.type", out _)); // a JSON string says its type itself

        var entity = await GetJsonAsync(Org + "intressanta_platser(7)?$format=" + Escape("json;odata.metadata=full"));
        Assert.EndsWith("intressanta_platser(7)", entity.GetProperty("@odata.id").GetString());
        var selected = await GetJsonAsync(Org + "badplatser?$select=namn&$top=1&$format=" + Escape("json;odata.metadata=full"));
        Assert.EndsWith("badplatser('B1')", selected.GetProperty("value")[0].GetProperty("@odata.id").GetString());
    }
}

public sealed class SqliteConformanceTests(SqliteServiceFixture fixture) : ConformanceTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresConformanceTests(PostgresServiceFixture fixture) : ConformanceTests(fixture), IClassFixture<PostgresServiceFixture>;
