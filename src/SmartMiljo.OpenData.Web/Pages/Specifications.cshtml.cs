using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

public sealed class SpecificationsModel(ISpecificationRegistry registry, CatalogueIndex index) : PageModel
{
    public IReadOnlyList<(Specification Spec, int Count)> Specifications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var counts = (await index.EntriesAsync(ct)).Where(e => e.SpecificationId is not null)
            .GroupBy(e => e.SpecificationId!).ToDictionary(g => g.Key, g => g.Count());
        Specifications = registry.Latest.OrderBy(s => s.Title, StringComparer.Ordinal)
            .Select(s => (s, counts.GetValueOrDefault(s.Id))).ToList();
    }
}
