using SmartMiljo.OpenData.Rdf.Dcat;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Tests.Support;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Rdf.Tests.Dcat;

public sealed class DcatMappingTests
{
    private static async Task<RdfGraph> WriteAsync(DcatOrganisation org, DcatDataset dataset)
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, [new DcatOrganisationCatalogue(org, DemoCatalogue.Async([dataset]))], RdfSerialization.Turtle);
        stream.Position = 0;
        return RdfParser.Load(stream, RdfSerialization.Turtle);
    }

    public static TheoryData<string, Func<DcatDataset, DcatDataset>, string> BadDatasets() => new()
    {
        { "unknown theme", d => d with { Themes = ["MILJO"] }, "Unknown EU data theme 'MILJO'" },
        { "unknown frequency", d => d with { UpdateFrequency = "SOMETIMES" }, "Unknown EU frequency" },
        { "HVD without category", d => d with { IsHighValue = true, HvdCategories = [] }, "needs at least one HVD category" },
        { "unknown HVD category", d => d with { IsHighValue = true, HvdCategories = ["c_00000000"] }, "not an HVD category" },
        { "SDG 18", d => d with { SustainableDevelopmentGoals = [18] }, "goal 18 does not exist" },
        { "short checksum", d => d with { Distributions = [d.Distributions[0] with { Sha256 = "abc" }] }, "64 hex digits" },
        { "relative download URL", d => d with { Distributions = [d.Distributions[0] with { DownloadUrl = "/download/x.csv" }] }, "is not an absolute IRI" },
        { "unknown format", d => d with { Distributions = [d.Distributions[0] with { Format = "docx" }] }, "Unknown distribution format 'docx'" },
        { "two CSV", d => d with { Distributions = [d.Distributions[0], d.Distributions[0]] }, "two distributions in the format 'csv'" },
        { "bad slug", d => d with { Slug = "Bad Slug" }, "dataset slug 'Bad Slug'" },
        { "no Swedish title", d => d with { Title = new LocalizedText(" ", "Only English") }, "missing its Swedish text" },
        { "period backwards", d => d with { Temporal = new(new DateOnly(2025, 1, 1), new DateOnly(2024, 1, 1)) }, "ends before it starts" },
        { "box outside WGS 84", d => d with { BoundingBox = new(91, 0, 92, 1) }, "not a valid WGS 84 box" },
        { "HVD service without docs", d => d with { IsHighValue = true, HvdCategories = ["c_dd313021"], ODataService = d.ODataService! with { DocumentationUrl = null } }, "needs a documentation URL" },
    };

    [Theory]
    [MemberData(nameof(BadDatasets))]
    public void Invalid_input_gets_a_clear_mapping_error(string _, Func<DcatDataset, DcatDataset> breakIt, string message)
    {
        // The mapper is strict; the catalogue writer leaves such records out (see RecordIsolationTests).
        var dataset = breakIt(DemoCatalogue.Badplatser("harryda"));
        var e = Assert.Throws<DcatMappingException>(() => new DcatMapper(DemoCatalogue.Instance).DatasetRecord(DemoCatalogue.Harryda, dataset, partOfInstance: true));
        Assert.Contains(message, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("212000-1488", "http://dataportal.se/organisation/SE2120001488")]
    [InlineData("SE212000148801", "http://dataportal.se/organisation/SE2120001488")]
    [InlineData("2120001488", "http://dataportal.se/organisation/SE2120001488")]
    public void Publisher_IRI_from_organisationsnummer(string number, string expected) => Assert.Equal(expected, DcatIris.Publisher(number));

    [Theory]
    [InlineData("212000148")]
    [InlineData("21200014889")]
    [InlineData("212000148X")]
    public void Invalid_organisationsnummer_is_rejected(string number) =>
        Assert.Contains("ten digits", Assert.Throws<DcatMappingException>(() => DcatIris.Publisher(number)).Message);

    [Theory]
    [InlineData("https://creativecommons.org/licenses/by/4.0/deed.sv", "http://creativecommons.org/licenses/by/4.0/")]
    [InlineData("http://creativecommons.org/licenses/by/4.0", "http://creativecommons.org/licenses/by/4.0/")]
    [InlineData("https://creativecommons.org/publicdomain/zero/1.0/legalcode", "http://creativecommons.org/publicdomain/zero/1.0/")]
    [InlineData("HTTPS://CreativeCommons.org/licenses/BY-SA/4.0/", "http://creativecommons.org/licenses/by-sa/4.0/")]
    [InlineData("https://data.norge.no/nlod/no/2.0", "https://data.norge.no/nlod/no/2.0")]
    public void Licences_are_normalised_to_the_exact_form(string input, string expected) => Assert.Equal(expected, DcatVocabularies.NormaliseLicense(input));

    [Fact]
    public async Task Dataset_IRIs_are_stable_and_resolvable_under_the_base_URL()
    {
        var first = await WriteAsync(DemoCatalogue.Harryda, DemoCatalogue.Badplatser("harryda"));
        var second = await WriteAsync(DemoCatalogue.Harryda, DemoCatalogue.Badplatser("harryda"));
        GraphAssert.Isomorphic(first, second);
        var dataset = (Iri)Assert.Single(first.InstancesOf(Vocab.Dcat.Dataset));
        Assert.Equal("https://data.exempel.se/datasets/harryda/badplatser", dataset.Value);
        Assert.All(first.Objects(dataset, Vocab.Dcat.DistributionProperty), d => Assert.StartsWith(dataset.Value + "#distribution-", ((Iri)d).Value));
        var contact = (Iri)first.Object(dataset, Vocab.Dcat.ContactPoint)!;
        var publisher = (Iri)first.Object(dataset, Vocab.Dct.Publisher)!;
        Assert.NotEqual(contact, publisher);
        Assert.Equal("https://data.exempel.se/organisations/harryda#contact", contact.Value);
        Assert.Equal("tel:+46317246100", ((Iri)first.Object((RdfResource)first.Object(contact, Vocab.Vcard.HasTelephone)!, Vocab.Vcard.HasValue)!).Value);
    }

    [Fact]
    public async Task High_value_dataset_carries_the_regulation_everywhere_it_must()
    {
        var graph = await WriteAsync(DemoCatalogue.Mariestad, DemoCatalogue.Luftkvalitet("mariestad"));
        var eli = Iri.Create(DcatVocabularies.HvdLegislation);
        var dataset = Assert.Single(graph.InstancesOf(Vocab.Dcat.Dataset));
        Assert.Contains(eli, graph.Objects(dataset, Vocab.DcatAp.ApplicableLegislation));
        Assert.Equal("http://data.europa.eu/bna/c_dd313021", ((Iri)graph.Object(dataset, Vocab.DcatAp.HvdCategory)!).Value);
        foreach (var distribution in graph.InstancesOf(Vocab.Dcat.Distribution))
            Assert.Contains(eli, graph.Objects(distribution, Vocab.DcatAp.ApplicableLegislation));
        var service = Assert.Single(graph.InstancesOf(Vocab.Dcat.DataService));
        Assert.Contains(eli, graph.Objects(service, Vocab.DcatAp.ApplicableLegislation));
        Assert.NotNull(graph.Object(service, Vocab.Foaf.Page));
        Assert.Equal(dataset, graph.Object(service, Vocab.Dcat.ServesDataset));
        Assert.Equal("https://data.exempel.se/datasets/mariestad/luftkvalitet#contact", ((Iri)graph.Object(service, Vocab.Dcat.ContactPoint)!).Value);
    }

    /// <summary>A stream that remembers how many bytes had arrived when each dataset was requested.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task The_writer_streams_datasets_as_they_arrive()
    {
        var output = new CountingStream();
        var seenAt = new List<long>();
        async IAsyncEnumerable<DcatDataset> Datasets()
        {
            for (int i = 0; i < 2000; i++)
            {
                seenAt.Add(output.Written);
                await Task.Yield();
                yield return DemoCatalogue.Badplatser("harryda") with { Slug = "d" + i };
            }
        }
        await DcatCatalogueWriter.WriteInstanceAsync(output, DemoCatalogue.Instance, [new DcatOrganisationCatalogue(DemoCatalogue.Harryda, Datasets())], RdfSerialization.RdfXml);

        // Output leaves in small chunks while later datasets are still unread: nothing waits for the whole document.
        Assert.True(seenAt[1000] > 0, "no bytes written before dataset 1000 was requested");
        Assert.True(seenAt[1999] > output.Written / 2, "most of the document should be written before the last dataset is requested");
        long largestGap = seenAt.Zip(seenAt.Skip(1), (a, b) => b - a).Max();
        Assert.True(largestGap < 128 * 1024, $"a single flush of {largestGap} bytes is larger than the writer's buffer");
    }
}

public sealed class DatasetDocumentTests
{
    [Fact]
    public async Task A_dataset_page_describes_the_dataset_without_a_catalogue_and_validates()
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteDatasetAsync(stream, DemoCatalogue.Instance, DemoCatalogue.Mariestad, DemoCatalogue.Luftkvalitet("mariestad"), RdfSerialization.Turtle);
        stream.Position = 0;
        var graph = RdfParser.Load(stream, RdfSerialization.Turtle);

        Assert.Empty(graph.InstancesOf(Vocab.Dcat.Catalog));
        Assert.Equal("https://data.exempel.se/datasets/mariestad/luftkvalitet", ((Iri)Assert.Single(graph.InstancesOf(Vocab.Dcat.Dataset))).Value);
        Assert.Single(graph.InstancesOf(Vocab.Foaf.Agent));
        var report = Shapes.All.Validate(graph);
        // Without a catalogue every shape set is satisfied too (no dangling catalogue triples are left behind).
        Assert.True(report.Conforms, string.Join("\n", report.Sets.SelectMany(s => s.Report.Results).Where(r => r.Severity == SmartMiljo.OpenData.Rdf.Shacl.ShaclSeverity.Violation).Select(r => r.FocusNode + ": " + r.Message)));
    }

    [Fact]
    public async Task Concurrent_validations_share_one_validator_safely()
    {
        using var stream = new MemoryStream();
        await DcatCatalogueWriter.WriteInstanceAsync(stream, DemoCatalogue.Instance, DemoCatalogue.Organisations(), RdfSerialization.NTriples);
        var bytes = stream.ToArray();
        var fresh = DcatValidatorFactory();
        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => fresh.Validate(RdfParser.Load(new MemoryStream(bytes), RdfSerialization.NTriples)))));
        Assert.All(reports, r => Assert.Equal(reports[0].Warnings, r.Warnings));
        Assert.All(reports, r => Assert.Equal(0, r.Violations));
    }

    private static SmartMiljo.OpenData.Rdf.Shacl.DcatValidator DcatValidatorFactory() => SmartMiljo.OpenData.Rdf.Shacl.DcatValidator.Load(
        SharedFiles.Path("reference", "dcat-ap-shacl"), Path.Combine(SharedFiles.RepositoryRoot, "specs", "dcat-ap-se"));
}
