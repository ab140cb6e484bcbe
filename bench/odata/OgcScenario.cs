using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Api.Ogc;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Storage.Rows;

namespace SmartMiljo.OpenData.Bench.OData;

/// <summary>
/// Scenario (e): an OGC API Features page in a bbox (<c>/ogc/collections/bench_platser/items?bbox=…&amp;limit=100</c>)
/// against the statements the page runs, executed directly: the rows of the page and the count behind
/// <c>numberMatched</c>, built by the service's own <see cref="FeatureQuery"/> from the same request.
/// </summary>
public static class OgcScenario
{
    public const string Name = "(e) OGC API bbox page";
    public const string Query = "bbox=15.0,60.0,15.5,60.2&limit=100";

    public static string Url(string baseUrl) => $"{baseUrl}/ogc/collections/bench_platser/items?{Query}";

    public static FeatureQuery Statements(PublishedDataset published, RowDatabase database)
    {
        var model = EdmModelBuilder.Build([published], regional: true);
        var collection = FeatureCollection.Of(model.EntitySets[0]) ?? throw new InvalidOperationException("The bench dataset has no positions.");
        var syntax = SqlDialectSyntax.For(database.Format);
        return FeatureQuery.Build(collection, syntax, FeatureRequestReader.Read(new QueryCollection(QueryHelpers.ParseQuery(Query)), collection, syntax));
    }

    /// <summary>The page's statements run and fully read by <paramref name="connections"/> loops, a connection per request.</summary>
    public static async Task<(double Rps, double P99)> RunDirectAsync(RowDatabase database, FeatureQuery query, int seconds, int connections)
    {
        var latencies = new List<double>[connections];
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                await using var connection = await database.OpenConnectionAsync();
                if (connection is SqliteConnection sqlite) SqliteFunctions.Register(sqlite);
                foreach (var (sql, parameters) in new[] { (query.CountSql!, query.CountParameters!), (query.RowsSql, query.RowsParameters) })
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    for (var i = 0; i < parameters.Values.Count; i++)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        parameter.Value = parameters.Values[i] ?? DBNull.Value;
                        command.Parameters.Add(parameter);
                    }
                    await using var reader = await command.ExecuteReaderAsync();
                    var values = new object[reader.FieldCount];
                    while (await reader.ReadAsync()) reader.GetValues(values);
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / (double)seconds, all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)]);
    }
}
