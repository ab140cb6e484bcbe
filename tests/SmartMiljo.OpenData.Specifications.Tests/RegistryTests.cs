using System.Text.Json.Nodes;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Specifications.Registry;

namespace SmartMiljo.OpenData.Specifications.Tests;

public class RegistryTests
{
    [Fact]
    public void Loads_the_specs_directory_and_keeps_every_version()
    {
        var registry = TestFiles.Registry;
        var badplatser = registry.Find("badplatser")!;
        Assert.Equal("1.0", badplatser.Version);
        Assert.Equal(SpecificationStatus.Official, badplatser.Status);
        Assert.Equal(["0.9", "1.0"], registry.Versions("badplatser").Select(v => v.Version));
        Assert.Equal("0.9", registry.Find("badplatser", "0.9")!.Version);
        Assert.Null(registry.Find("badplatser", "7.0"));
        Assert.Null(registry.Find("no-such-spec"));
        Assert.Empty(registry.Versions("no-such-spec"));
        Assert.Contains(registry.Latest, s => s.Id == "badplatser" && s.Version == "1.0");
    }

    [Fact]
    public void Badplatser_has_42_columns_and_the_geometry_maps_rely_on()
    {
        var schema = TestFiles.Registry.Find("badplatser")!.Schema;
        Assert.Equal(42, schema.Fields.Count);
        Assert.Equal(new GeometryMapping("latitude", "longitude"), schema.Geometry);
        Assert.Equal(FieldType.Number, schema.Find("latitude")!.Type);
        Assert.Equal(FieldType.Number, schema.Find("longitude")!.Type);
        Assert.All(schema.Fields, f => Assert.False(string.IsNullOrEmpty(f.Source)));
    }

    [Fact]
    public void Every_spec_file_has_metadata_and_every_coordinate_pair_has_x_geometry()
    {
        foreach (var spec in TestFiles.Registry.Latest.Concat(TestFiles.Registry.Latest.SelectMany(s => TestFiles.Registry.Versions(s.Id))))
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.TitleEn), spec.Id);
            Assert.False(string.IsNullOrWhiteSpace(spec.Description), spec.Id);
            Assert.StartsWith("https://", spec.Iri);
            Assert.NotEmpty(spec.Themes);
            if (spec.Schema.Find("latitude") is not null && spec.Schema.Find("longitude") is not null)
                Assert.Equal(new GeometryMapping("latitude", "longitude"), spec.Schema.Geometry);
        }
    }

    [Fact]
    public void Versions_sort_numerically()
    {
        Assert.True(VersionComparer.Compare("1.10", "1.9") > 0);
        Assert.True(VersionComparer.Compare("2.0", "10.0") < 0);
        Assert.Equal(0, VersionComparer.Compare("1.0", "1.0.0"));
    }

    [Fact]
    public void A_broken_spec_file_stops_loading_with_its_path()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "x"));
            File.WriteAllText(Path.Combine(dir.FullName, "x", "1.0.json"), """{"id":"x","version":"1.0","title":"X","iri":"https://e/x","fields":[{"name":"a","type":"bogus"}]}""");
            File.WriteAllText(Path.Combine(dir.FullName, "other.json"), """{"not":"a schema"}""");
            var e = Assert.Throws<InvalidDataException>(() => SpecificationRegistry.LoadFromDirectory(dir.FullName));
            Assert.Contains("1.0.json", e.Message);
            Assert.Contains("bogus", e.Message);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void The_published_json_keeps_metadata_and_fields()
    {
        var json = TestFiles.Registry.FindJson("badplatser", "1.0")!;
        Assert.Equal("badplatser", (string?)json["id"]);
        Assert.Equal("https://dataportal.se/specifications/badplatser/1.0", (string?)json["iri"]);
        Assert.Equal(42, json["fields"]!.AsArray().Count);
        var roundTrip = SpecificationRegistry.Parse(JsonNode.Parse(json.ToJsonString())!.AsObject());
        Assert.Equal(42, roundTrip.Schema.Fields.Count);
    }
}
