using SmartMiljo.OpenData.Rdf.Shacl;

namespace SmartMiljo.OpenData.Rdf.Tests.Support;

/// <summary>The EU shapes from ../shared and our DCAT-AP-SE shapes from specs/, parsed once for all tests.</summary>
public static class Shapes
{
    private static readonly Lazy<DcatValidator> Validator = new(() => DcatValidator.Load(
        SharedFiles.Path("reference", "dcat-ap-shacl"),
        Path.Combine(SharedFiles.RepositoryRoot, "specs", "dcat-ap-se")));

    public static DcatValidator All => Validator.Value;
}
