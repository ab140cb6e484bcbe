using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Pages.Admin;

/// <summary>The newest 500 audit entries; administrators only (folder convention).</summary>
public sealed class AuditLogModel(WebDbContext web) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await web.Audit.AsNoTracking().OrderByDescending(e => e.At).Take(500).ToListAsync(ct);
}
