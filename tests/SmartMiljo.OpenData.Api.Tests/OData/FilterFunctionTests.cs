using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>Every operator and function of $filter, plus $search, against the hand-checkable badplatser rows.</summary>
public abstract class FilterFunctionTests(ODataServiceFixture fixture) : ODataTestBase(fixture)
{
    private const string NearB1 = "geography'SRID=4326;POINT(12.29 57.69)'";

    [Theory]
    // in, with and without null
    [InlineData("kommun in ('Osby', 'Mariestad')", "B2,B3,B6")]
    [InlineData("djup in (3, 100, null)", "B1,B3,B5")]
    [InlineData("namn in ('Ålsjön', 'Ängsbadet')", "B1,B3")]
    // ne keeps rows where the value is null (OData compares null as a value)
    [InlineData("djup ne 3", "B2,B3,B4,B5,B6")]
    // arithmetic
    [InlineData("djup add 2 eq 5", "B1")]
    [InlineData("djup sub 1 lt 0", "B4,B6")]
    [InlineData("djup mul 2 eq 200", "B5")]
    [InlineData("djup div 2 eq 1", "B1")]
    [InlineData("djup mod 3 eq 1", "B5")]
    [InlineData("temperatur div 2 gt 9", "B1,B2,B5")]
    [InlineData("-djup eq 5", "B4")]
    // big numbers beyond double precision
    [InlineData("djup eq 9007199254740993", "B2")]
    [InlineData("djup eq 9007199254740992", "")]
    [InlineData("djup gt 9007199254740992", "B2")]
    [InlineData("djup lt 99999999999999999999", "B1,B2,B4,B5,B6")]
    // text functions, with å, ä, ö
    [InlineData("tolower(namn) eq 'ålsjön'", "B1")]
    [InlineData("toupper(namn) eq 'ÖSTERSJÖBADET'", "B2")]
    [InlineData("contains(tolower(namn), 'ä')", "B3")]
    [InlineData("length(namn) eq 6", "B1")]
    [InlineData("length(namn) eq 9", "B3,B4")]
    [InlineData("indexof(namn, 'sjö') eq 2", "B1")]
    [InlineData("substring(namn, 1) eq 'lsjön'", "B1")]
    [InlineData("substring(namn, 0, 3) eq 'Öst'", "B2")]
    [InlineData("concat(concat(kommun, '-'), id) eq 'Osby-B6'", "B6")]
    [InlineData("trim(concat(' ', namn)) eq 'Sandviken'", "B4")]
    [InlineData("startswith(namn, 'O''B')", "B5")]
    [InlineData("contains(namn, '%')", "B6")]
    [InlineData("contains(namn, '_')", "B6")]
    [InlineData("endswith(namn, '')", "B1,B2,B3,B4,B5,B6")]
    // dates, datetimes (stored in UTC), times, years
    [InlineData("year(datum) eq 2024", "B1,B2,B5,B6")]
    [InlineData("month(datum) eq 2 and day(datum) eq 29", "B6")]
    [InlineData("datum lt 2024-01-01", "B4")]
    [InlineData("datum eq 2024-02-29", "B6")]
    [InlineData("year(uppdaterad) eq 2023", "B4")]
    [InlineData("hour(uppdaterad) eq 22 and minute(uppdaterad) eq 30", "B2")]
    [InlineData("date(uppdaterad) eq 2024-07-15", "B2")]
    [InlineData("uppdaterad ge 2024-07-16T00:00:00+02:00", "B2")]
    [InlineData("uppdaterad lt 2024-01-01T01:00:00+01:00", "B4")]
    [InlineData("uppdaterad eq 2024-01-01T01:00:00+01:00", "B5")]
    [InlineData("uppdaterad gt 2023-12-31T23:59:59Z and year(uppdaterad) eq 2023", "B4")]
    [InlineData("tid gt 12:00:00", "B4")]
    [InlineData("tid le 08:00:00", "B1,B6")]
    [InlineData("hour(tid) eq 23", "B4")]
    [InlineData("minute(tid) eq 30", "B2")]
    [InlineData("byggar lt 1900", "B4")]
    // rounding: halves away from zero
    [InlineData("round(temperatur) eq 3", "B6")]
    [InlineData("floor(temperatur) eq 16", "B4")]
    [InlineData("ceiling(temperatur) eq 19", "B1,B5")]
    // geography, distances in metres
    [InlineData("geo.distance(location, " + NearB1 + ") lt 1000", "B1")]
    [InlineData("geo.distance(location, " + NearB1 + ") lt 2000", "B1,B4")]
    [InlineData("geo.distance(location, " + NearB1 + ") le 19000", "B1,B4")]
    [InlineData("geo.distance(location, " + NearB1 + ") lt 20000", "B1,B4,B5")]
    [InlineData("1000 gt geo.distance(location, " + NearB1 + ")", "B1")]
    [InlineData("geo.distance(location, " + NearB1 + ") gt 100000", "B2,B6")]
    [InlineData("geo.intersects(location, geography'SRID=4326;POLYGON((12.0 57.6,12.5 57.6,12.5 57.8,12.0 57.8,12.0 57.6))')", "B1,B4")]
    [InlineData("not geo.intersects(location, geography'SRID=4326;POLYGON((12.0 57.6,12.5 57.6,12.5 57.8,12.0 57.8,12.0 57.6))')", "B2,B3,B5,B6")]
    public async Task Filter(string filter, string expected)
    {
        var ids = await SortedIdsAsync("$filter=" + Escape(filter));
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), ids);
    }

    [Theory]
    [InlineData("sjön", "B1")]
    [InlineData("SJÖN", "B1")]
    [InlineData("härryda", "B1,B4,B5")]
    [InlineData("härryda AND strand", "B5")]
    [InlineData("osby OR mariestad", "B2,B3,B6")]
    [InlineData("NOT härryda", "B2,B3,B6")]
    [InlineData("\"O'Brien's strand\"", "B5")]
    public async Task Search_matches_text_columns_ignoring_case(string search, string expected)
    {
        Assert.Equal(expected.Split(','), await SortedIdsAsync("$search=" + Escape(search)));
    }

    [Fact]
    public async Task Geo_distance_works_on_geopoint_columns_too()
    {
        var json = await GetJsonAsync(Org + "intressanta_platser?$count=true&$top=0&$filter="
            + Escape("geo.distance(position, geography'SRID=4326;POINT(12 55)') lt 1"));
        var expected = TestDatasets.PlatserRows().Count(r => r[3] is GeoPoint { Latitude: 55, Longitude: 12 });
        Assert.True(expected > 0);
        Assert.Equal(expected, json.GetProperty("@odata.count").GetInt64());
    }

    [Fact]
    public async Task Option_and_function_names_are_case_insensitive_and_the_dollar_is_optional()
    {
        Assert.Equal(["B2", "B3", "B6"], await SortedIdsAsync("filter=" + Escape("kommun ne 'Härryda'")));
        Assert.Equal(["B1", "B2"], await SortedIdsAsync("$FILTER=" + Escape("CONTAINS(NAMN, 'sjö')")));
        Assert.Equal(["B6", "B5"], await IdsAsync("ORDERBY=id desc&Top=2"));
        var json = await GetJsonAsync(Org + "badplatser?count=true&top=1&select=id");
        Assert.Equal(6, json.GetProperty("@odata.count").GetInt64());
    }
}

public sealed class SqliteFilterFunctionTests(SqliteServiceFixture fixture) : FilterFunctionTests(fixture), IClassFixture<SqliteServiceFixture>;
public sealed class PostgresFilterFunctionTests(PostgresServiceFixture fixture) : FilterFunctionTests(fixture), IClassFixture<PostgresServiceFixture>;
