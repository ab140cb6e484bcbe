using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Storage.Catalogue;

/// <summary>The catalogue: organisations, datasets, versions, downloads, sources and harvest runs.</summary>
public class CatalogueDbContext : DbContext
{
    public CatalogueDbContext(DbContextOptions<CatalogueDbContext> options) : base(options) { }

    /// <summary>For the provider-specific subclasses that carry each provider's migrations.</summary>
    protected CatalogueDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<DatasetVersion> DatasetVersions => Set<DatasetVersion>();
    public DbSet<Distribution> Distributions => Set<Distribution>();
    public DbSet<HarvestSource> HarvestSources => Set<HarvestSource>();
    public DbSet<HarvestRun> HarvestRuns => Set<HarvestRun>();
    public DbSet<HarvestStageRecord> HarvestStageRecords => Set<HarvestStageRecord>();
    public DbSet<HarvestSourceItem> HarvestSourceItems => Set<HarvestSourceItem>();

    private static readonly JsonSerializerOptions SourceDistributionJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        StoreConventions.Apply(configurationBuilder, Database);

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Organisation>(e =>
        {
            e.ToTable("organisations");
            e.HasIndex(x => x.Slug).IsUnique();
            e.HasIndex(x => x.OrganisationNumber).IsUnique();
            e.Property(x => x.Slug).HasMaxLength(100);
            e.Property(x => x.OrganisationNumber).HasMaxLength(10);
        });
        b.Entity<Dataset>(e =>
        {
            e.ToTable("datasets");
            e.HasIndex(x => new { x.OrganisationId, x.Slug }).IsUnique();
            e.Property(x => x.Slug).HasMaxLength(100);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.CurrentVersion).WithMany().HasForeignKey(x => x.CurrentVersionId).OnDelete(DeleteBehavior.Restrict);
            // A harvested record's distributions are read and written whole with it: one JSON text column.
            e.Property(x => x.SourceDistributions).HasConversion(
                v => JsonSerializer.Serialize(v, SourceDistributionJson),
                v => JsonSerializer.Deserialize<List<SourceDistribution>>(v, SourceDistributionJson) ?? new List<SourceDistribution>(),
                new ValueComparer<List<SourceDistribution>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList()));
            e.Property(x => x.OtherLanguages).HasConversion(
                v => JsonSerializer.Serialize(v, SourceDistributionJson),
                v => JsonSerializer.Deserialize<List<LanguageText>>(v, SourceDistributionJson) ?? new List<LanguageText>(),
                new ValueComparer<List<LanguageText>>((a, b) => JsonSerializer.Serialize(a, SourceDistributionJson) == JsonSerializer.Serialize(b, SourceDistributionJson),
                    v => JsonSerializer.Serialize(v, SourceDistributionJson).GetHashCode(), v => v.ToList()));
        });
        b.Entity<DatasetVersion>(e =>
        {
            e.ToTable("dataset_versions");
            e.HasIndex(x => new { x.DatasetId, x.Number }).IsUnique();
            e.Ignore(x => x.Diff); // read from its columns
            e.HasOne<Dataset>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Distributions).WithOne().HasForeignKey(x => x.DatasetVersionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Distribution>(e =>
        {
            e.ToTable("distributions");
            e.HasIndex(x => new { x.DatasetVersionId, x.Format }).IsUnique();
        });
        b.Entity<HarvestSource>(e =>
        {
            e.ToTable("harvest_sources");
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Dataset>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<HarvestRun>(e =>
        {
            e.ToTable("harvest_runs");
            e.HasIndex(x => new { x.SourceId, x.StartedAt });
            e.HasIndex(x => x.Status);
            e.HasOne<HarvestSource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Stages).WithOne().HasForeignKey(x => x.HarvestRunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<HarvestStageRecord>(e => e.ToTable("harvest_stages"));
        b.Entity<HarvestSourceItem>(e =>
        {
            e.ToTable("harvest_source_items");
            e.HasIndex(x => new { x.SourceId, x.ItemKey }).IsUnique();
            e.Property(x => x.ItemKey).HasMaxLength(2000);
            e.HasOne<HarvestSource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Dataset>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Restrict);
        });

        // Ids are made by the model (Guid.NewGuid) so records can be linked before saving; telling EF
        // they are never generated makes it insert, not update, entities first met through a navigation.
        foreach (var entity in b.Model.GetEntityTypes())
            entity.FindPrimaryKey()?.Properties.Single().ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }
}
