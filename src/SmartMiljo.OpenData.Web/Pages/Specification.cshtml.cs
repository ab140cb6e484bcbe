using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>One specification and the datasets of every organisation that conform to it.</summary>
public sealed class SpecificationModel(ISpecificationRegistry registry, CatalogueIndex index) : PageModel
{
    public Specification? Specification { get; private set; }
    public IReadOnlyList<CatalogueEntry> Datasets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Specification = registry.Find(id);
        if (Specification is null) return NotFound();
        Datasets = (await index.EntriesAsync(ct)).Where(e => e.SpecificationId == id)
            .OrderBy(e => e.OrganisationName, StringComparer.Ordinal).ThenBy(e => e.Title, StringComparer.Ordinal).ToList();
        return Page();
    }
}
