using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;

namespace SmartMiljo.OpenData.Server.Seeding;

/// <summary>Configuration section <c>Seed</c>.</summary>
public sealed class SeedOptions
{
    public const string SectionName = "Seed";

    /// <summary>Creates the demo organisation and its sources on an empty catalogue.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The folder with the demo files; found by walking up from the working directory when empty.</summary>
    public string? SamplesDirectory { get; set; }
}

/// <summary>
/// Seeds "Exempelkommun" with sources pointing at the files in <c>samples/</c>, once. Its datasets fill every
/// DCAT-AP-SE field a publisher can set, so the demo shows the top of the quality scale.
/// </summary>
public sealed class DemoSeeder(CatalogueDbContext db, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string OrganisationSlug = "exempelkommun";

    /// <summary>Returns the sources it created (none when the organisation already exists).</summary>
    public async Task<IReadOnlyList<HarvestSource>> SeedAsync(string samplesDirectory, CancellationToken ct)
    {
        if (await db.Organisations.AnyAsync(o => o.Slug == OrganisationSlug, ct)) return [];
        var organisation = new Organisation
        {
            Slug = OrganisationSlug,
            Name = "Exempelkommun",
            OrganisationNumber = "2120009994",
            MunicipalityCode = "1493",
            PublisherType = PublisherType.LocalAuthority,
            Homepage = "https://www.exempelkommun.se/",
            ContactEmail = "oppnadata@exempelkommun.se",
            ContactPhone = "+46 501 100 00",
            CreatedAt = clock.GetUtcNow(),
        };
        db.Organisations.Add(organisation);

        var sources = new List<HarvestSource>();
        void Add(string slug, string title, string titleEn, string description, string descriptionEn, string file,
            SourceKind kind, string? spec, string[] keywords, string[] themes, string[] keywordsEn, string frequency, int[] goals)
        {
            var dataset = Dataset.Create(organisation.Id, slug, new DatasetDescription { Title = title }, organisation.CreatedAt);
            if (spec is not null) dataset.FollowSpecification(spec, null);
            var source = new HarvestSource
            {
                OrganisationId = organisation.Id, DatasetId = dataset.Id, Name = title, Kind = kind,
                Location = Path.Combine(samplesDirectory, file), Schedule = "0 3 * * *", SpecificationId = spec,
                CreatedAt = organisation.CreatedAt,
            };
            dataset.Describe(new DatasetDescription
            {
                Title = title, TitleEn = titleEn, Description = description, DescriptionEn = descriptionEn,
                Keywords = keywords, KeywordsEn = keywordsEn, Themes = themes, License = Licenses.Cc0, AccessRights = "PUBLIC",
                Contact = new DatasetContact("Exempelkommuns öppna data", organisation.ContactEmail, organisation.ContactPhone,
                    new PostalAddress("Stadshuset, Storgatan 1", "123 45", "Exempelkommun")),
                Temporal = new TemporalCoverage(new DateOnly(2020, 1, 1), null),
                Spatial = ["https://sws.geonames.org/2699050/"],
                Documentation = [$"{organisation.Homepage}oppna-data/{slug}"],
                LandingPage = $"{organisation.Homepage}{slug}",
                UpdateFrequency = frequency,
                SustainableDevelopmentGoals = goals,
                Identifier = $"{OrganisationSlug}-{slug}",
            }, clock.GetUtcNow());
            db.Datasets.Add(dataset);
            db.HarvestSources.Add(source);
            sources.Add(source);
        }

        Add("badplatser", "Badplatser i Exempelkommun", "Bathing sites in Exempelkommun",
            "Kommunens strandbad och naturbad med faciliteter, tillgänglighet och kontaktuppgifter.",
            "The municipality's beaches and bathing places with facilities, accessibility and contacts.",
            "exempelkommun_badplatser.csv", SourceKind.Csv, "badplatser", ["bad", "badplatser", "friluftsliv"], ["ENVI", "HEAL"],
            ["bathing", "beaches", "outdoor life"], "ANNUAL", [3, 14]);
        Add("utegym", "Utegym i Exempelkommun", "Outdoor gyms in Exempelkommun",
            "Utegym med antal stationer, belysning och invigningsdatum.",
            "Outdoor gyms with number of stations, lighting and opening date.",
            "exempelkommun_utegym.geojson", SourceKind.GeoJson, null, ["utegym", "motion", "friluftsliv"], ["HEAL", "EDUC"],
            ["outdoor gym", "exercise", "outdoor life"], "IRREG", [3, 11]);

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded the demo organisation {Organisation} with {Count} sources from {Folder}.",
            organisation.Name, sources.Count, samplesDirectory);
        return sources;
    }

    /// <summary>The <c>samples</c> folder: configured, or the nearest one above the working directory.</summary>
    public static string? FindSamplesDirectory(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(candidate, "exempelkommun_badplatser.csv"))) return candidate;
            }
        return null;
    }
}
