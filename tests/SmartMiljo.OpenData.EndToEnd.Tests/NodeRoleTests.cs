using System.Net;
using Microsoft.Extensions.Configuration;
using SmartMiljo.OpenData.Server.Hosting;

namespace SmartMiljo.OpenData.EndToEnd.Tests;

public sealed class NodeRoleTests
{
    private static NodeRole Parse(params string[] args) => NodeRole.From(new ConfigurationBuilder().AddCommandLine(args).Build());

    [Fact]
    public void The_role_comes_from_the_command_line_and_defaults_to_everything()
    {
        Assert.Equal(NodeRole.All, Parse());
        Assert.Equal(NodeRole.Web, Parse("--role", "web"));
        Assert.Equal(NodeRole.Worker, Parse("--role", "Worker"));
        Assert.Equal(NodeRole.All, Parse("--role", "all"));
        Assert.Equal(NodeRole.Worker, Parse("--Platform:Role", "worker"));
        var error = Assert.Throws<InvalidOperationException>(() => Parse("--role", "both-ways"));
        Assert.Contains("--role web", error.Message);
    }

    [Fact]
    public async Task A_worker_node_answers_health_and_nothing_else()
    {
        await using var platform = new WorkerPlatformFactory();
        var client = platform.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/datasets/dcat")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/admin/organisations")).StatusCode);
    }

    private sealed class WorkerPlatformFactory : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        private readonly SmartMiljo.OpenData.TestSupport.TemporaryDirectory _data = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("role", "worker");
            builder.UseSetting("Storage:DataDirectory", _data.Path);
            builder.UseSetting("Admin:ApiKey", "k");
            builder.UseSetting("Seed:Enabled", "false");
            PlatformFactory.AllowManyPlatforms(builder);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                _data.Dispose();
            }
        }
    }
}
