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
        Assert.True((int)response.StatusCode < 500, $"{relative} gave {(int)response.StatusCode}: {body}");
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
