using SmartMiljo.OpenData.Rdf.Dcat;

namespace SmartMiljo.OpenData.Rdf.Shacl;

/// <summary>One named set of shapes and how it applies.</summary>
public sealed record DcatShapeSet(string Name, string Description, ShaclValidator Validator, bool HighValueOnly = false);

/// <summary>The results of one shape set.</summary>
public sealed record DcatShapeSetReport(string Name, string Description, ShaclReport Report);

public sealed record DcatValidationReport(IReadOnlyList<DcatShapeSetReport> Sets, int Triples, int Datasets)
{
    public bool Conforms => Sets.All(s => s.Report.Conforms);
    public int Violations => Sets.Sum(s => s.Report.Violations);
    public int Warnings => Sets.Sum(s => s.Report.Warnings);
}

/// <summary>
/// Validates a DCAT catalogue against the EU DCAT-AP 3.0.1 shapes (core, recommended, class ranges), the
/// HVD shapes (applied only to high-value datasets and what they reference, since they demand HVD
/// properties of every dataset they see) and our DCAT-AP-SE shapes. Shapes are parsed once; instances
/// are thread-safe for validation.
/// </summary>
public sealed class DcatValidator
{
    public const string EuCoreFile = "dcat-ap-3.0.1-shapes.ttl";
    public const string EuRecommendedFile = "dcat-ap-3.0.1-shapes-recommended.ttl";
    public const string EuRangeFile = "dcat-ap-3.0.1-range.ttl";
    public const string EuHvdFile = "dcat-ap-hvd-3.0.0-shapes.ttl";
    public const string SwedishShapesFile = "dcat-ap-se-3.0.1-shapes.ttl";

    public IReadOnlyList<DcatShapeSet> ShapeSets { get; }

    public DcatValidator(IReadOnlyList<DcatShapeSet> shapeSets) => ShapeSets = shapeSets;

    /// <summary>
    /// Loads the shape sets from <paramref name="euShapesDirectory"/> (the EU files, e.g.
    /// ../shared/reference/dcat-ap-shacl) and <paramref name="swedishShapesDirectory"/> (specs/dcat-ap-se).
    /// A directory given as null is skipped; a directory given without its files is an error.
    /// </summary>
    public static DcatValidator Load(string? euShapesDirectory, string? swedishShapesDirectory)
    {
        var sets = new List<DcatShapeSet>();
        if (euShapesDirectory is not null)
        {
            sets.Add(new("eu-core", "DCAT-AP 3.0.1 mandatory properties, cardinalities and node kinds", Load(euShapesDirectory, EuCoreFile, "eu-core")));
            sets.Add(new("eu-recommended", "DCAT-AP 3.0.1 recommended properties (warnings)", Load(euShapesDirectory, EuRecommendedFile, "eu-recommended")));
            sets.Add(new("eu-range", "DCAT-AP 3.0.1 class ranges", Load(euShapesDirectory, EuRangeFile, "eu-range")));
            sets.Add(new("eu-hvd", "DCAT-AP HVD 3.0.0, for high-value datasets", Load(euShapesDirectory, EuHvdFile, "eu-hvd"), HighValueOnly: true));
        }
        if (swedishShapesDirectory is not null)
            sets.Add(new("dcat-ap-se", "DCAT-AP-SE 3.0.1 (our shapes: Swedish rules)", Load(swedishShapesDirectory, SwedishShapesFile, "dcat-ap-se")));
        if (sets.Count == 0) throw new ArgumentException("No shapes directory given.");
        return new DcatValidator(sets);
    }

    private static ShaclValidator Load(string directory, string file, string name)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"SHACL shapes '{file}' not found in {directory}.", path);
        return ShaclValidator.FromFiles(name, path);
    }

    public DcatValidationReport Validate(RdfGraph catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        RdfGraph? highValue = null;
        var reports = new List<DcatShapeSetReport>();
        foreach (var set in ShapeSets)
        {
            var data = set.HighValueOnly ? highValue ??= HighValueSubgraph(catalogue) : catalogue;
            reports.Add(new DcatShapeSetReport(set.Name, set.Description, set.Validator.Validate(data)));
        }
        return new DcatValidationReport(reports, catalogue.Count, catalogue.InstancesOf(Vocab.Dcat.Dataset).Count());
    }

    /// <summary>
    /// The high-value datasets (dcatap:applicableLegislation = the HVD regulation) and every node reachable
    /// from them, without the catalogues and without other datasets.
    /// </summary>
    public static RdfGraph HighValueSubgraph(RdfGraph catalogue)
    {
        var legislation = Iri.Create(DcatVocabularies.HvdLegislation);
        var roots = catalogue.SubjectsOf(Vocab.DcatAp.ApplicableLegislation, legislation)
            .Where(s => catalogue.HasType(s, Vocab.Dcat.Dataset)).ToList();
        var hvdSet = roots.ToHashSet<RdfTerm>();
        var result = new RdfGraph();
        foreach (var (p, ns) in catalogue.Namespaces.Declarations) result.Namespaces.Add(p, ns);
        var queue = new Queue<RdfResource>(roots);
        var visited = new HashSet<RdfResource>(roots);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var t in catalogue.WithSubject(node))
            {
                // Keep the link to another dataset (e.g. dcat:servesDataset) but not that dataset's description.
                if (t.Object is RdfResource next && catalogue.HasType(next, Vocab.Dcat.Dataset) && !hvdSet.Contains(next))
                {
                    result.Add(t);
                    continue;
                }
                if (t.Object is RdfResource r && catalogue.HasType(r, Vocab.Dcat.Catalog)) continue;
                result.Add(t);
                if (t.Object is RdfResource o && visited.Add(o)) queue.Enqueue(o);
            }
        }
        return result;
    }
}
