using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Web.Legal;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>The privacy notice: which personal data the site holds (accounts: names and e-mail addresses),
/// why, for how long and whom to ask; the operator comes from configuration (<see cref="OperatorOptions"/>).</summary>
public sealed class PrivacyModel(IOptions<OperatorOptions> options) : PageModel
{
    public OperatorOptions Operator => options.Value;

    public void OnGet() { }
}
