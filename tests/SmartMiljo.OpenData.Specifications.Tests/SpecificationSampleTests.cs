using SmartMiljo.OpenData.Specifications.Reading;
using SmartMiljo.OpenData.Specifications.Validation;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>
/// Every sample under <c>samples/specifications/</c> (named after its specification: <c>&lt;id&gt;.csv</c>, or
/// <c>&lt;id&gt;_&lt;version&gt;.csv</c> for an older version) validates against its specification without a
/// single error: the specifications are usable as written, and the samples show publishers what they mean.
/// </summary>
public class SpecificationSampleTests
{
    private static string Folder => Path.Combine(TestFiles.RepositoryRoot, "samples", "specifications");

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_sample_validates_against_its_specification_without_errors(string sample)
    {
        var name = Path.GetFileNameWithoutExtension(sample);
        var cut = name.IndexOf('_', StringComparison.Ordinal);
        var (id, version) = cut < 0 ? (name, null) : (name[..cut], name[(cut + 1)..]);
        var spec = TestFiles.Registry.Find(id, version);
        Assert.True(spec is not null, $"{sample}: no specification {id} {version}");

        await using var source = await TabularReaders.OpenAsync(Path.Combine(Folder, sample), new TabularReadOptions());
        var report = await new TableValidator().ValidateAsync(source, spec.Schema, NullRowSink.Instance,
            new ValidationOptions { SpecificationId = spec.Id, SpecificationVersion = spec.Version });

        Assert.True(report.Errors.Count == 0, $"{sample}: " + string.Join("; ", report.Errors.Take(5).Select(e => $"{e.Code} row {e.Row} {e.Column}: {e.MessageEn}")));
        Assert.Equal(ValidationVerdict.Publishable, report.Verdict);
        Assert.True(report.RowsValid >= 5, $"{sample}: a sample shows at least five realistic rows");
        // Every field of the specification is a column of the sample, so the sample shows them all.
        var header = (await File.ReadAllLinesAsync(Path.Combine(Folder, sample)))[0].TrimStart('\uFEFF').Split(',');
        Assert.Equal(spec.Schema.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), header.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_draft_added_for_the_demanded_datasets_has_a_sample()
    {
        var samples = Directory.EnumerateFiles(Folder).Select(f => Path.GetFileNameWithoutExtension(f).Split('_')[0]).ToHashSet();
        foreach (var id in new[] { "luftkvalitet", "nyckeltal", "parker", "cykelvagar", "grillplatser", "vattenkvalitet", "trafikfloden" })
            Assert.Contains(id, samples);
    }
}
