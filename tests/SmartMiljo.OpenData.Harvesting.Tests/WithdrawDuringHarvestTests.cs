using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Harvesting.Pipeline;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.TestSupport;

namespace SmartMiljo.OpenData.Harvesting.Tests;

/// <summary>
/// A dataset withdrawn while a harvest of it is running, or queued to run, stays withdrawn: the harvest's new
/// version is discarded instead of being published, and readers keep not finding the dataset.
/// </summary>
public class WithdrawDuringHarvestTests : IAsyncLifetime
{
    private readonly HarvestPlatform _platform;
    private LocalHttpServer _server = null!;
    private byte[] _content = [];
    private TaskCompletionSource? _requested, _release;

    public WithdrawDuringHarvestTests() : this(StoreProvider.Sqlite) { }

    protected WithdrawDuringHarvestTests(StoreProvider provider) => _platform = new HarvestPlatform(provider: provider);

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _server.Map("/bad.csv", async context =>
        {
            if (_requested is { } requested && _release is { } release)
            {
                requested.TrySetResult();
                await release.Task; // the harvest is in flight until the test lets the response go
            }
            context.Response.ContentType = "text/csv";
            await context.Response.Body.WriteAsync(_content);
        });
    }

    public async Task DisposeAsync()
    {
        _release?.TrySetResult();
        await _server.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_dataset_withdrawn_while_its_harvest_runs_is_not_published_again()
    {
        var (admin, sourceId, datasetId, first) = await PublishFirstVersionAsync("flygkommun", "2120001645");

        _content = Changed();
        _requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var known = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/sources/{sourceId}/runs")).GetArrayLength();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/sources/{sourceId}/harvest", null)).StatusCode);
        await _requested.Task.WaitAsync(TimeSpan.FromSeconds(60)); // the run is fetching

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/admin/datasets/{datasetId}")).StatusCode);
        _release.TrySetResult();
        var run = await HarvestPlatform.WaitForRunAsync(admin, sourceId, known);
        Assert.NotEqual("Failed", run.GetProperty("status").GetString());

        await AssertStillWithdrawnAsync(datasetId, first, "flygkommun");
    }

    [Fact]
    public async Task A_dataset_withdrawn_while_its_harvest_is_queued_is_not_published_again()
    {
        var (admin, sourceId, datasetId, first) = await PublishFirstVersionAsync("kokommun", "2120001652");

        // The job was queued before the withdrawal and a worker takes it afterwards: the pipeline runs as the job would.
        _content = Changed();
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/admin/datasets/{datasetId}")).StatusCode);
        await using (var scope = _platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<HarvestPipeline>().RunAsync(sourceId, "queued", CancellationToken.None);

        await AssertStillWithdrawnAsync(datasetId, first, "kokommun");
    }

    private async Task<(HttpClient Admin, Guid SourceId, Guid DatasetId, Guid FirstVersion)> PublishFirstVersionAsync(string org, string number)
    {
        var admin = _platform.Admin();
        _content = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "exempelkommun_badplatser.csv"));
        await HarvestPlatform.CreateOrganisationAsync(admin, org, number);
        var sourceId = await HarvestPlatform.CreateSourceAsync(admin, org, new
        {
            name = "Badplatser", datasetSlug = "badplatser", kind = "Csv", specificationId = "badplatser", location = _server.Url("/bad.csv").ToString(),
        });
        var run = await HarvestPlatform.HarvestAsync(admin, sourceId);
        Assert.NotEqual("Failed", run.GetProperty("status").GetString());
        await using var scope = _platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var dataset = await db.Datasets.AsNoTracking().SingleAsync(d => d.Organisation!.Slug == org && d.Slug == "badplatser");
        Assert.Equal(DatasetStatus.Published, dataset.Status);
        return (admin, sourceId, dataset.Id, dataset.CurrentVersionId!.Value);
    }

    private byte[] Changed()
    {
        var text = Encoding.UTF8.GetString(_content);
        var changed = text.Replace("Kvarnbadet", "Strandbadet");
        Assert.NotEqual(text, changed);
        return Encoding.UTF8.GetBytes(changed);
    }

    private async Task AssertStillWithdrawnAsync(Guid datasetId, Guid firstVersion, string org)
    {
        await using var scope = _platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogueDbContext>();
        var dataset = await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == datasetId);
        Assert.Equal(DatasetStatus.Withdrawn, dataset.Status);
        Assert.Equal(firstVersion, dataset.CurrentVersionId);
        // The harvest did load its version (the source had changed), and gave it up rather than publish it.
        var second = await db.DatasetVersions.AsNoTracking().SingleAsync(v => v.DatasetId == datasetId && v.Number == 2);
        Assert.Equal(VersionStatus.Discarded, second.Status);

        var client = _platform.CreateClient();
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/odata/{org}/badplatser")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/download/{org}/badplatser.csv")).StatusCode);
    }
}

public sealed class PostgresWithdrawDuringHarvestTests() : WithdrawDuringHarvestTests(StoreProvider.Postgres);
