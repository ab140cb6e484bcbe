using SmartMiljo.OpenData.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
PlatformComposition.EnsureAdminApiKey(builder);
builder.AddPlatform();

var app = builder.Build();
app.MapPlatform();
app.Run();

/// <summary>Entry point; public so integration tests can start the real server.</summary>
public partial class Program;
