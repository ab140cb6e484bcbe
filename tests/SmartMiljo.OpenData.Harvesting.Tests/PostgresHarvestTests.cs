namespace SmartMiljo.OpenData.Harvesting.Tests;

// The pipeline suites again with the catalogue, row tables (PostGIS, binary COPY) and the Hangfire queue
// in a private PostgreSQL database per test: both providers must harvest, publish and report alike.
// Without SMARTMILJO_TEST_POSTGRES, TestPostgres starts its own cluster, or fails naming what to install.

public sealed class PostgresCatalogueHarvestTests() : CatalogueHarvestTests(StoreProvider.Postgres);

public sealed class PostgresFaultyServerHarvestTests() : FaultyServerHarvestTests(StoreProvider.Postgres);

public sealed class PostgresNotificationTests() : NotificationTests(StoreProvider.Postgres);

public sealed class PostgresRealInputHarvestTests() : RealInputHarvestTests(StoreProvider.Postgres);

public sealed class PostgresUploadHarvestTests() : UploadHarvestTests(StoreProvider.Postgres);
