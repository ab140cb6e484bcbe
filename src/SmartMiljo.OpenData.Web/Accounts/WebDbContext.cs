using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmartMiljo.OpenData.Web.Publishing;

namespace SmartMiljo.OpenData.Web.Accounts;

/// <summary>
/// Users, roles, memberships, drafts and the audit log. Lives in the catalogue's database (same
/// connection) but in its own tables and with its own migrations and history table, so the catalogue's
/// model stays free of web concerns. Used through its provider-specific subclasses (ProviderWebContexts.cs).
/// </summary>
public abstract class WebDbContext(DbContextOptions options)
    : IdentityDbContext<WebUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The key ring that protects sign-in cookies and anti-forgery tokens, shared by every web node
    /// that uses this database (see WebComposition).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OrganisationMembership> Memberships => Set<OrganisationMembership>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<DatasetDraft> Drafts => Set<DatasetDraft>();
    public DbSet<DatasetViewCount> ViewCounts => Set<DatasetViewCount>();
    public DbSet<OrganisationApiKey> ApiKeys => Set<OrganisationApiKey>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<HarvestNoticeEntry> HarvestNotices => Set<HarvestNoticeEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SmartMiljo.OpenData.Storage.Catalogue.StoreConventions.Apply(configurationBuilder, Database);

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<WebUser>(e =>
        {
            e.ToTable("web_users");
            e.Property(x => x.Language).HasMaxLength(2).HasDefaultValue(MailLanguage.Swedish);
            e.Property(x => x.NoticeDelivery).HasConversion<string>().HasMaxLength(20);
        });
        b.Entity<AccountToken>(e =>
        {
            e.ToTable("web_account_tokens");
            e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.UserId);
            e.HasOne<WebUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<HarvestNoticeEntry>(e =>
        {
            e.ToTable("web_harvest_notices");
            e.Property(x => x.SourceName).HasMaxLength(300);
            e.Property(x => x.Status).HasMaxLength(40);
            e.HasIndex(x => new { x.OrganisationId, x.At });
        });
        b.Entity<IdentityRole<Guid>>().ToTable("web_roles");
        b.Entity<IdentityUserRole<Guid>>().ToTable("web_user_roles");
        b.Entity<IdentityUserClaim<Guid>>().ToTable("web_user_claims");
        b.Entity<IdentityUserLogin<Guid>>().ToTable("web_user_logins");
        b.Entity<IdentityRoleClaim<Guid>>().ToTable("web_role_claims");
        b.Entity<IdentityUserToken<Guid>>().ToTable("web_user_tokens");
        b.Entity<OrganisationMembership>(e =>
        {
            e.ToTable("web_memberships");
            e.HasIndex(x => new { x.UserId, x.OrganisationId }).IsUnique();
            e.Property(x => x.Source).HasMaxLength(100);
            e.HasOne<WebUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("web_audit");
            e.HasIndex(x => x.At);
            e.HasIndex(x => x.OrganisationId);
        });
        b.Entity<DatasetDraft>(e =>
        {
            e.ToTable("web_drafts");
            e.HasIndex(x => x.OrganisationId);
        });
        b.Entity<OrganisationApiKey>(e =>
        {
            e.ToTable("web_api_keys");
            e.HasIndex(x => x.KeyHash).IsUnique();
            e.HasIndex(x => x.OrganisationId);
        });
        b.Entity<DataProtectionKey>().ToTable("web_data_protection_keys");
        b.Entity<DatasetViewCount>(e =>
        {
            e.ToTable("web_dataset_views");
            e.HasKey(x => x.DatasetId);
        });
    }
}
