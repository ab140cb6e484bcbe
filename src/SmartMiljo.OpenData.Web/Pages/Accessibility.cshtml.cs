using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Web.Legal;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>The accessibility statement (tillgänglighetsredogörelse) that the Swedish law on accessibility of
/// digital public services requires, in the structure of DIGG's model; the operator and the review date come
/// from configuration (<see cref="OperatorOptions"/>).</summary>
public sealed class AccessibilityModel(IOptions<OperatorOptions> options) : PageModel
{
    public OperatorOptions Operator => options.Value;

    public void OnGet() { }
}
