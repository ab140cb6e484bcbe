using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Api.Tests.OData;

/// <summary>
/// Writes the OData tests' row tables through the platform's own row store, so the service is tested
/// against exactly the layout, encodings and indexes a harvest produces.
/// </summary>
public static class TestRowTables
{
    public static IRowStore StoreFor(RowDatabase database) => database switch
    {
        SqliteRowDatabase sqlite => new SqliteRowStore(sqlite),
        PostgresRowDatabase postgres => new PostgresRowStore(postgres),
        _ => throw new ArgumentOutOfRangeException(nameof(database)),
    };

    public static async Task CreateAsync(RowDatabase database, string table, TableSchema schema, IEnumerable<object?[]> rows)
    {
        var store = StoreFor(database);
        await store.DropTableAsync(table);
        await using (var staged = await store.CreateStagingTableAsync(table, new TableLayout(schema)))
        {
            var rowNumber = 0L;
            foreach (var row in rows)
                await staged.WriteRowAsync(++rowNumber, row);
            await staged.CompleteAsync();
        }
        await store.UpdateStatisticsAsync(table);
    }
}
