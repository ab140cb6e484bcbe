using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Pages.Admin;

/// <summary>The newest 500 audit entries, each with the organisation it concerned; administrators only (folder convention).</summary>
public sealed class AuditLogModel(WebDbContext web, CatalogueDbContext catalogue) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> OrganisationNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Entries = await web.Audit.AsNoTracking().OrderByDescending(e => e.At).Take(500).ToListAsync(ct);
        var ids = Entries.Where(e => e.OrganisationId is not null).Select(e => e.OrganisationId!.Value).Distinct().ToList();
        OrganisationNames = await catalogue.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    public string OrganisationOf(AuditEntry entry) =>
        entry.OrganisationId is { } id ? OrganisationNames.GetValueOrDefault(id, id.ToString()) : "";
}
