using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Harvesting.Scheduling;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.EndToEnd.Tests.Hostile;

/// <summary>
/// A broken source against the running host across restarts: a source whose harvests keep dying (as a DCAT
/// file that crashed the parser took the worker down, and the reaper recorded it) is not queued again at
/// every start-up; a source that never ran still is.
/// </summary>
public sealed class PipelineHostileTests
{
    [Fact]
    public async Task A_source_that_died_the_same_way_twice_is_not_harvested_again_at_every_restart()
    {
        using var data = new TemporaryDirectory();
        const string nowhere = "http://127.0.0.1:9/katalog.ttl"; // nothing listens on the discard port
        Guid looping, fresh;

        // First life: two sources; one of them took its worker down twice (recorded by the reaper).
        await using (var first = new PlatformFactory(dataDirectory: data.Path))
        {
            var admin = first.CreateAdminClient();
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/organisations",
                new { slug = "kraschkommun", name = "Kraschkommun", organisationNumber = "2120001637" })).StatusCode);
            looping = await CreateSourceAsync(admin, "Krasch", "krasch", nowhere);
            fresh = await CreateSourceAsync(admin, "Ny", "ny", nowhere);
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
            for (var i = 0; i < 2; i++)
            {
                var abandoned = HarvestRun.Start(looping, "startup", DateTimeOffset.UtcNow.AddMinutes(i - 10));
                abandoned.Abandon(DateTimeOffset.UtcNow.AddMinutes(i - 5), $"{StaleRunReaper.AbandonedError} Nothing was published.", "", "", []);
                db.HarvestRuns.Add(abandoned);
            }
            await db.SaveChangesAsync();
        }
        SqliteConnection.ClearAllPools();

        // Second life: the fresh source gets its first harvest; the looping one waits for its schedule.
        await using (var second = new PlatformFactory(dataDirectory: data.Path))
        {
            var admin = second.CreateAdminClient();
            var run = await PlatformFactory.WaitForNewRunAsync(admin, fresh, knownRuns: 0);
            Assert.Equal("startup", run.GetProperty("trigger").GetString());
            await Task.Delay(TimeSpan.FromSeconds(2)); // both were decided in the same pass; give a wrong queueing time to show
            var runs = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sources/{looping}/runs");
            Assert.Equal(2, runs.GetArrayLength());
            Assert.DoesNotContain(runs.EnumerateArray(), r => r.GetProperty("status").GetString() == "Running");

            // A person can still run it by hand.
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/sources/{looping}/harvest", null)).StatusCode);
            var manual = await PlatformFactory.WaitForNewRunAsync(admin, looping, knownRuns: 2);
            Assert.NotEqual("startup", manual.GetProperty("trigger").GetString());
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task<Guid> CreateSourceAsync(HttpClient admin, string name, string slug, string location)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/organisations/kraschkommun/sources",
            new { name, datasetSlug = slug, kind = "Csv", location });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
