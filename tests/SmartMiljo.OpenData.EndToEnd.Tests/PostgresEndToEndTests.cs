namespace SmartMiljo.OpenData.EndToEnd.Tests;

// The end-to-end suites again, with the catalogue, row tables (PostGIS) and the Hangfire queue in a
// private PostgreSQL database: the same behaviour is expected from both stores.

public sealed class PostgresHarvestToReadBackTests() : HarvestToReadBackTests(PlatformStore.Postgres);

public sealed class PostgresSeededDemoTests : SeededDemoTests
{
    protected override PlatformStore Store => PlatformStore.Postgres;
}
