using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Schemas;

namespace SmartMiljo.OpenData.Specifications.Tests;

/// <summary>Specification IRIs exactly as dataportal.se registers them, drafts on our own address, and the aliases met in the wild.</summary>
public sealed class SpecificationIriTests
{
    [Fact]
    public void Official_specifications_carry_the_IRI_dataportal_se_registers_and_drafts_our_own()
    {
        var urls = new PublicUrls("https://data.exempel.se");
        var all = TestFiles.Registry.Latest.SelectMany(s => TestFiles.Registry.Versions(s.Id)).ToList();
        Assert.Contains(all, s => s.Status == SpecificationStatus.Draft);
        foreach (var spec in all)
        {
            var published = SpecificationIris.Published(spec, urls);
            if (spec.Status == SpecificationStatus.Official)
            {
                Assert.Equal($"https://dataportal.se/specifications/{spec.Id}/{spec.Version}", published);
                Assert.Equal(published, spec.Iri); // the file says the same
            }
            else
            {
                Assert.Equal($"https://data.exempel.se/api/specifications/{spec.Id}/{spec.Version}", published);
            }
            // Whatever we publish is recognised as that specification again when it is harvested back.
            Assert.Same(spec, TestFiles.Registry.FindByIri(published));
        }
    }

    [Theory]
    [InlineData("https://dataportal.se/specifications/badplatser/1.0", "badplatser", "1.0")]
    [InlineData("https://www.dataportal.se/specifications/badplatser/1.0", "badplatser", "1.0")]
    [InlineData("http://dataportal.se/specifications/badplatser/1.0/", "badplatser", "1.0")]
    [InlineData("https://lankadedata.se/spec/badplatser/", "badplatser", null)]
    [InlineData("https://lankadedata.se/spec/publicart", "offentlig-konst", null)]
    [InlineData("https://annan.example/api/specifications/utegym/1.0", "utegym", "1.0")]
    public void Aliases_name_the_same_specification(string iri, string id, string? version)
    {
        Assert.Equal((id, version), SpecificationIris.Recognise(iri));
        var found = TestFiles.Registry.FindByIri(iri);
        Assert.NotNull(found);
        Assert.Equal(id, found.Id);
    }

    [Theory]
    [InlineData("https://www.iso.org/standard/75485.html")]
    [InlineData("https://dataportal.se/specifications/")]
    [InlineData("not an iri")]
    public void Other_standards_are_not_specifications(string iri)
    {
        Assert.Null(SpecificationIris.Recognise(iri));
        Assert.Null(TestFiles.Registry.FindByIri(iri));
    }
}
