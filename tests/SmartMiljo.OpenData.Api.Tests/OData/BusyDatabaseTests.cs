using System.Net;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>A request that gets no database connection within the query time limit.</summary>
public sealed class BusyDatabaseTests(BusyDatabaseServiceFixture fixture) : ODataTestBase(fixture), IClassFixture<BusyDatabaseServiceFixture>
{
    [Fact]
    public async Task Waiting_longer_than_the_time_limit_for_a_connection_is_a_503_and_the_service_recovers()
    {
        var held = await fixture.HoldConnectionAsync();
        try
        {
            var message = await ErrorAsync(Org + "badplatser?$filter=" + Escape("kommun eq 'Härryda'"), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("No database connection became free", message, StringComparison.Ordinal);
            await ErrorAsync(Org + "badplatser/$count?$filter=" + Escape("djup gt 1"), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await held.DisposeAsync();
        }
        Assert.Equal(["B1", "B4", "B5"], await SortedIdsAsync("$filter=" + Escape("kommun eq 'Härryda'")));
    }
}
