using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation.Errors;

namespace SmartMiljo.OpenData.Specifications.Validation;

/// <summary>
/// Validates a tabular source against a table schema in one streaming pass. Rows without errors
/// are written, typed, to the sink; rows with errors are left out and described in the report.
/// Memory stays flat in the file size except for 8-byte hashes kept for uniqueness checks.
/// </summary>
public sealed class TableValidator
{
    public async Task<ValidationReport> ValidateAsync(ITabularSource source, TableSchema schema, IRowSink sink,
        ValidationOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new ValidationOptions();
        var issues = new IssueCollector(options.MaxIssuesPerCode);
        // A position no column name points to may still be there: a pair of columns whose first rows' values are
        // projected coordinates. Only then are those rows read ahead (and replayed), outside the UTF-8 fast path.
        var pairByValues = (CoordinateValuePair?)null;
        var probe = HeaderBinding.Bind(source.Header, schema, new IssueCollector(1));
        if (probe.PositionUnbound(schema) && probe.UntakenColumns.Count >= 2)
        {
            var replayed = await ReplayedTabularSource.ReadAheadAsync(source, CoordinateValuePair.RowsLookedAt, ct).ConfigureAwait(false);
            pairByValues = CoordinateValuePair.Find(probe.UntakenColumns, replayed.Ahead);
            source = replayed;
        }
        var binding = HeaderBinding.Bind(source.Header, schema, issues, pairByValues);
        // Validating only (no sink to fill): typed values are made only where a check needs them.
        var rowsWanted = sink is not NullRowSink;
        using var run = new ValidationRun(schema, binding, issues, options, DeclaredCrs(source, options), rowsWanted);
        run.UseDelimiter(source.Facts);
        PersonalDataInHeader(source.Header, issues);

        try
        {
            if (source is CsvTabularSource { Utf8Records: { } utf8 } csv)
                await ValidateUtf8Async(csv, utf8, run, rowsWanted ? sink : null, options, ct).ConfigureAwait(false);
            else
                await ValidateRecordsAsync(source, run, sink, options, ct).ConfigureAwait(false);
        }
        catch (TabularReadException e)
        {
            issues.Report(new ReadError(e) { Row = run.RowsRead + 1 });
        }
        catch (IOException e)
        {
            issues.Report(new SourceError(e.Message) { Row = run.RowsRead + 1 });
        }
        return run.Finish(source.Facts);
    }

    private static async Task ValidateRecordsAsync(ITabularSource source, ValidationRun run, IRowSink sink, ValidationOptions options, CancellationToken ct)
    {
        while (options.MaxRows is not { } max || run.RowsRead < max)
        {
            var record = await source.ReadAsync(ct).ConfigureAwait(false);
            if (record is not { } r) break;
            if (run.CheckRow(r) is { } values)
                await sink.WriteRowAsync(r.RowNumber, values, ct).ConfigureAwait(false);
        }
    }

    /// <summary>UTF-8 CSV: cells are checked on the reader's bytes, and strings are made only
    /// where a value is needed or an issue reported (see <see cref="ValidationRun.CheckRow(Utf8CsvRecordParser, long)"/>).</summary>
    private static async Task ValidateUtf8Async(CsvTabularSource source, Utf8CsvRecordParser records, ValidationRun run, IRowSink? sink,
        ValidationOptions options, CancellationToken ct)
    {
        while (options.MaxRows is not { } max || run.RowsRead < max)
        {
            if (!source.TryReadUtf8Buffered(out var row))
            {
                row = await source.ReadUtf8Async(ct).ConfigureAwait(false);
                if (row == 0) break;
            }
            if (run.CheckRow(records, row) is { } values && sink is not null)
                await sink.WriteRowAsync(row, values, ct).ConfigureAwait(false);
        }
    }

    private static SwedishCrs? DeclaredCrs(ITabularSource source, ValidationOptions options)
    {
        if (options.SourceEpsg is { } epsg) return SwedishCoordinateSystems.FindByEpsg(epsg);
        return source.Facts.TryGetValue("crs", out var crs) ? SwedishCoordinateSystems.FindByName(crs) : null;
    }

    private static readonly HashSet<string> PersonalLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "personnummer", "personnr", "pnr", "person_nr", "personal_number", "personalnumber", "ssn", "samordningsnummer",
    };

    private static void PersonalDataInHeader(IReadOnlyList<string> header, IssueCollector issues)
    {
        for (var c = 0; c < header.Count; c++)
        {
            if (!PersonalLabels.Contains(TableLayout.ToIdentifier(header[c]))) continue;
            issues.Report(new PersonalDataLabelError(header[c]) { Column = header[c], ColumnNumber = c + 1 });
        }
    }
}
