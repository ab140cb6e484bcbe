using System.Net;
using System.Text;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>Injection attempts, oversized and malformed input: always a clear 4xx, never a 500, nothing leaked.</summary>
public abstract class HostileInputTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private static readonly string[] Leaks = ["t_badplatser", "SELECT", "sqlite", "npgsql", "postgres", "Exception", "   at "];

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string relative)
    {
        using var response = await Client.GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        // 501 is the protocol's answer for a feature the service does not offer, not a server error.
        Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.NotImplemented,
            $"{relative} gave {(int)response.StatusCode}: {body}");
        // Error messages may quote the request back; anything else from this list comes from inside.
        foreach (var leak in Leaks.Where(l => !Uri.UnescapeDataString(relative).Contains(l, StringComparison.OrdinalIgnoreCase)))
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        return (response.StatusCode, body);
    }

    [Theory]
    [InlineData("namn eq 'x'' or 1=1 --'")]
    [InlineData("namn eq 'x''; DROP TABLE t_badplatser_v1; --'")]
    [InlineData("contains(namn, ''') OR 1=1 --')")]
    public async Task Injection_in_filter_literals_is_just_a_value(string filter)
    {
        Assert.Empty(await IdsAsync("$filter=" + Escape(filter)));
        Assert.Equal(6, (await IdsAsync("")).Count); // the table is still there
    }

    [Theory]
    [InlineData("badplatser?$filter=" + "namn eq 'x') or (1 eq 1")]
    [InlineData("badplatser?$orderby=namn;DROP TABLE t_badplatser_v1")]
    [InlineData("badplatser?$orderby=namn desc, (select 1)")]
    [InlineData("badplatser?$select=namn,\"_row\"")]
    [InlineData("badplatser?$filter=\"namn\" eq 'x'")]
    public async Task Injection_in_names_and_syntax_is_400(string query)
    {
        var (status, _) = await SendAsync(Org + query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Injection_in_keys_finds_nothing()
    {
        var (status, _) = await SendAsync(Org + "badplatser('B1'' OR ''1''=''1')");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var (numeric, _) = await SendAsync(Org + "intressanta_platser(1 or 1=1)");
        Assert.Equal(HttpStatusCode.BadRequest, numeric);
    }

    [Fact]
    public async Task Ten_thousand_term_filter_is_refused()
    {
        var filter = string.Join(" or ", Enumerable.Range(0, 10_000).Select(i => $"djup eq {i}"));
        var (status, _) = await SendAsync(Org + "badplatser?$filter=" + Escape(filter));
        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong, $"got {status}");
    }

    [Fact]
    public async Task Filter_beyond_the_node_limit_is_400_with_a_clear_message()
    {
        // 1,200 list items stay under the URL length limit but exceed MaxFilterNodes (1,000).
        var filter = "djup in (" + string.Join(",", Enumerable.Range(0, 1200)) + ")";
        var (status, body) = await SendAsync(Org + "badplatser?$filter=" + filter);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 1000", body);
    }

    [Fact]
    public async Task Deeply_nested_parentheses_are_400()
    {
        var filter = new string('(', 2000) + "djup eq 1" + new string(')', 2000);
        var (status, _) = await SendAsync(Org + "badplatser?$filter=" + filter);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Huge_top_is_paged_not_refused()
    {
        var json = await GetJsonAsync(Org + "intressanta_platser?$top=99999999&$select=namn");
        Assert.Equal(1000, json.GetProperty("value").GetArrayLength());
        Assert.Contains("$top=99998999", json.GetProperty("@odata.nextLink").GetString());
    }

    [Theory]
    [InlineData("datum eq 2024-13-45")]
    [InlineData("djup eq 12abc")]
    [InlineData("uppdaterad eq 2024-01-01T25:00:00Z")]
    [InlineData("namn eq 'unterminated")]
    [InlineData("geo.distance(location, geography'SRID=4326;POINT(abc)') lt 5")]
    [InlineData("geo.distance(location, geography'SRID=3006;POINT(1 2)') lt 5")]
    [InlineData("location eq null")]
    [InlineData("nosuchproperty eq 1")]
    [InlineData("substring(namn)")]
    public async Task Malformed_literals_and_unknown_properties_are_400(string filter)
    {
        var (status, body) = await SendAsync(Org + "badplatser?$filter=" + Escape(filter));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"error\"", body);
    }

    [Theory]
    [InlineData("djup div 0 eq 1")]
    [InlineData("djup mul 9223372036854775807 gt 0")]
    [InlineData("temperatur div 0 gt 1")]
    public async Task Arithmetic_errors_in_the_database_are_not_500(string filter)
    {
        await SendAsync(Org + "badplatser?$filter=" + Escape(filter));
    }

    [Fact]
    public async Task Tampered_skiptoken_and_huge_skip_are_400()
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("[\"namn\",1]")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(Org + "badplatser?$skiptoken=" + token)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(Org + "badplatser?$skip=99999999999")).Status);

        // A valid token replayed with another $orderby is refused too.
        var next = (await GetJsonAsync(Org + "intressanta_platser?$orderby=namn")).GetProperty("@odata.nextLink").GetString()!;
        var replayed = next.Replace("%24orderby=namn", "%24orderby=kategori").Replace("$orderby=namn", "$orderby=kategori");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(replayed)).Status);
    }

    [Fact]
    public async Task Duplicate_options_are_400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(Org + "badplatser?$top=1&top=2")).Status);
    }

    [Theory]
    [InlineData("lat eq NaN")]
    [InlineData("lat ne NaN")]
    [InlineData("NaN eq NaN")]
    [InlineData("lat eq NaN or lat eq 1")]
    [InlineData("djup eq NaN")]
    [InlineData("temperatur lt -NaN")]
    [InlineData("lat eq @x&@x=NaN")]
    public async Task Nan_literals_are_400_with_an_odata_error(string filter)
    {
        var parts = filter.Split('&', 2);
        var (status, body) = await SendAsync(Org + "badplatser?$filter=" + Escape(parts[0]) + (parts.Length > 1 ? "&" + parts[1] : ""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"error\"", body);
        Assert.Contains("NaN is not a value", body);
        Assert.Equal(6, (await IdsAsync("")).Count); // the service still answers
    }

    [Theory]
    [InlineData("lat eq INF", 0)]
    [InlineData("lat gt -INF", 5)]
    [InlineData("temperatur lt INF", 5)]
    [InlineData("djup add 1 eq INF", 0)]
    [InlineData("djup lt INF", 5)]
    public async Task Infinity_literals_are_bounds_on_both_databases(string filter, int expected)
    {
        Assert.Equal(expected, (await IdsAsync("$filter=" + Escape(filter))).Count);
    }

    [Fact]
    public async Task A_filter_alias_stands_for_its_value()
    {
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("djup eq @d") + "&@d=3"));
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape("namn eq @n") + "&@n=" + Escape("'Ålsjön'")));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(990)]
    public async Task Many_nested_nots_are_a_clear_400(int depth)
    {
        var filter = string.Concat(Enumerable.Repeat("not ", depth)) + "(djup eq 1)";
        var (status, body) = await SendAsync(Org + "badplatser?$filter=" + Escape(filter));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("nested", body);
        Assert.Equal(6, (await IdsAsync("")).Count);
    }

    [Fact]
    public async Task Nesting_within_the_limit_still_works()
    {
        // 40 levels of not (an even number) and of arithmetic: legitimate, if odd, and answered.
        var nots = string.Concat(Enumerable.Repeat("not ", 40)) + "(djup eq 3)";
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape(nots)));
        var sums = string.Concat(Enumerable.Repeat("(", 40)) + "djup" + string.Concat(Enumerable.Repeat(" add 0)", 40)) + " eq 3";
        Assert.Equal(["B1"], await IdsAsync("$filter=" + Escape(sums)));
    }

    [Theory]
    [InlineData("badplatser(@k)?@k='B1'")]
    [InlineData("badplatser(id=@k)?@k='B1'")]
    [InlineData("intressanta_platser(@k)?@k=5")]
    public async Task A_key_given_as_a_parameter_alias_is_resolved(string query)
    {
        var (status, body) = await SendAsync(Org + query);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("\"error\"", body);
        Assert.Contains(query.StartsWith("badplatser") ? "\"id\":\"B1\"" : "\"namn\":\"Plats 5\"", body);
    }

    [Theory]
    [InlineData("badplatser(@k)")]
    [InlineData("badplatser(@k)?@k=")]
    [InlineData("badplatser(@k)?@k=@k")]
    [InlineData("badplatser(@k)?@k=@j&@j='B1'")]
    [InlineData("intressanta_platser(@k)?@k='text'")]
    [InlineData("intressanta_platser(@k)?@k=1 or 1 eq 1")]
    [InlineData("badplatser?$filter=namn eq @n")]
    [InlineData("badplatser?$filter=namn eq @n&@n=@n")]
    [InlineData("badplatser?$filter=namn eq @n&@n=@m&@m=@n")]
    public async Task A_missing_or_wrong_parameter_alias_is_4xx(string query)
    {
        var (status, body) = await SendAsync(Org + query);
        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{query}: {status} {body}");
        Assert.Contains("\"error\"", body);
    }

    /// <summary>A small fuzz over the query options: hostile values, alone and combined, never a 5xx nor a leak.</summary>
    [Fact]
    public async Task Hostile_query_option_values_never_give_a_server_error()
    {
        string[] filters =
        [
            "NaN eq NaN", "INF gt lat", "-INF lt djup", "lat eq 1e400", "djup eq 99999999999999999999", "djup eq -9223372036854775809",
            "temperatur eq 1.7976931348623157E+309", "djup mod 0 eq 0", "temperatur mod 0 eq 0", "length(namn) div 0 eq 0",
            "substring(namn, -5, -5) eq ''", "substring(namn, 2147483648) eq ''", "substring(namn, 99999999999999) eq ''",
            "indexof(namn, '') eq -1", "datum eq 0001-01-01", "datum eq 9999-12-31", "uppdaterad eq 0001-01-01T00:00:00Z",
            "uppdaterad lt 9999-12-31T23:59:59.9999999Z", "uppdaterad gt 2024-01-01T00:00:00+14:00", "tid eq 23:59:59.9999999",
            "year(uppdaterad) eq 2024", "hour(tid) eq 25", "date(uppdaterad) eq datum", "cast(djup, Edm.String) eq '3'",
            "isof(djup, Edm.Int64)", "namn eq '\u0000'", "namn eq '" + new string('x', 5000) + "'", "byggår eq 2147483648",
            "byggår eq -2147483649", "djup in ()", "djup in (null)", "round(temperatur) eq 18", "floor(lat) eq NaN",
            "geo.distance(location, geography'SRID=4326;POINT(12 57)') lt NaN", "geo.distance(location, geography'SRID=4326;POINT(12 57)') lt INF",
            "geo.distance(location, geography'SRID=4326;POINT(1e400 57)') lt 5", "geo.distance(location, geography'SRID=4326;POINT(NaN NaN)') lt 5",
            "geo.intersects(location, geography'SRID=4326;POLYGON((NaN 1,2 2,3 3,NaN 1))')",
            "geo.intersects(location, geography'SRID=4326;POLYGON((1 1,1 1,1 1,1 1))')", "now() gt uppdaterad", "trim(concat(namn, namn)) eq namn",
            "djup sub -9223372036854775808 gt 0", "-djup eq 9223372036854775807", "--djup eq 3", "not not not öppen", "öppen eq 1",
            "$it/djup eq 3", "@x eq 1", "namn eq @x", "djup eq 3&$filter=djup eq 4",
        ];
        string[] others =
        [
            "$orderby=" + string.Join(",", Enumerable.Repeat("namn", 50)), "$orderby=location", "$orderby=nosuch", "$orderby=djup desc desc",
            "$select=" + string.Join(",", Enumerable.Repeat("namn", 200)), "$select=*,namn", "$select=location/type", "$select=@x",
            "$top=-1", "$top=9223372036854775808", "$top=1e3", "$top=NaN", "$skip=-1", "$skip=NaN", "$skip=1.5",
            "$skiptoken=", "$skiptoken=%00", "$skiptoken=" + new string('A', 10_000), "$skiptoken=W10", "$skiptoken=WzFd", "$skiptoken=bnVsbA",
            "$skiptoken=WyJfcm93IiwibnVsbCJd", "$skiptoken=WyIiLDEsMiwzXQ", "$skiptoken=eyJhIjoxfQ", "$skiptoken=WyJfcm93Iiw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ",
            "$count=maybe", "$format=application/xml", "$format=" + new string('j', 3000), "$search=" + Escape("\"\""), "$search=NOT",
            "$search=" + string.Join(" AND ", Enumerable.Repeat("x", 600)), "$filter=lat in (1, NaN)",
        ];
        var queries = filters.Select(f => "badplatser?$filter=" + Escape(f))
            .Concat(others.Select(o => "badplatser?" + o))
            .Concat(others.Select(o => "intressanta_platser?" + o))
            .Concat(filters.Take(10).Zip(others.Take(10), (f, o) => "badplatser?$filter=" + Escape(f) + "&" + o));
        foreach (var query in queries)
            await SendAsync(Org + query);
        Assert.Equal(6, (await IdsAsync("")).Count);
    }

    [Fact]
    public async Task Integer_division_by_zero_is_a_clear_400_on_postgresql_and_matches_nothing_on_sqlite()
    {
        const string relative = Org + "badplatser?$filter=djup div 0 eq 1";
        var (status, body) = await SendAsync(relative);
        if (Fixture.Database.Dialect == SmartMiljo.OpenData.Core.Ports.SqlDialect.PostgreSql)
        {
            // The database's data exception becomes a 400 naming its SQLSTATE, never a 500 or its raw text.
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("SQLSTATE 22012", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, status); // SQLite divides by zero to NULL, which equals nothing
            Assert.Empty(await IdsAsync("$filter=" + Escape("djup div 0 eq 1")));
        }
    }
}

public sealed class SqliteHostileInputTests(SqliteServiceFixture fixture) : HostileInputTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresHostileInputTests(PostgresServiceFixture fixture) : HostileInputTests(fixture), IClassFixture<PostgresServiceFixture>;
