using System.Text;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Registry;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Locates the repository (the folder holding the .sln) and ../shared beside it.</summary>
internal static class TestFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SpecsDirectory => Path.Combine(RepositoryRoot, "specs");
    public static string Sample(string name) => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "sample-data", name));

    private static readonly Lazy<SpecificationRegistry> LazyRegistry = new(() => SpecificationRegistry.LoadFromDirectory(SpecsDirectory));
    public static SpecificationRegistry Registry => LazyRegistry.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartMiljo.OpenData.sln"))) return dir.FullName;
        throw new InvalidOperationException("Could not find SmartMiljo.OpenData.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>Collects validated rows for assertions (copies: the validator reuses its array).</summary>
internal sealed class ListSink : IRowSink
{
    public List<(long Row, object?[] Values)> Rows { get; } = [];

    public ValueTask WriteRowAsync(long rowNumber, object?[] values, CancellationToken cancellationToken = default)
    {
        Rows.Add((rowNumber, (object?[])values.Clone()));
        return ValueTask.CompletedTask;
    }
}

/// <summary>A stream that can only be read forward, like an HTTP body.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    // Small reads on purpose: sniffing must cope with a stream that trickles.
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class Validate
{
    public static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static async Task<(ValidationReport Report, ListSink Sink)> CsvAsync(string csv, TableSchema schema, ValidationOptions? options = null)
        => await StreamAsync(Utf8(csv), schema, options);

    public static async Task<(ValidationReport Report, ListSink Sink)> StreamAsync(Stream stream, TableSchema schema, ValidationOptions? options = null)
    {
        await using var source = await CsvTabularSource.OpenAsync(stream);
        var sink = new ListSink();
        var report = await new TableValidator().ValidateAsync(source, schema, sink, options);
        return (report, sink);
    }

    public static async Task<(ValidationReport Report, ListSink Sink)> SampleAsync(string sampleName, string specId, string? version = null)
    {
        var spec = TestFiles.Registry.Find(specId, version) ?? throw new InvalidOperationException("no spec " + specId);
        await using var file = File.OpenRead(TestFiles.Sample(sampleName));
        return await StreamAsync(file, spec.Schema, new ValidationOptions { SpecificationId = spec.Id, SpecificationVersion = spec.Version });
    }

    public static TableSchema Schema(params FieldDefinition[] fields) => new() { Fields = fields };

    public static FieldDefinition Field(string name, FieldType type = FieldType.String, string? format = null, FieldConstraints? constraints = null, params string[] aliases)
        => new() { Name = name, Type = type, Format = format, Constraints = constraints ?? new FieldConstraints(), Aliases = aliases };
}
