using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartMiljo.OpenData.Api.Admin;
using SmartMiljo.OpenData.Core.Catalogue;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Storage.Catalogue;
using SmartMiljo.OpenData.Web.Accounts;

namespace SmartMiljo.OpenData.Web.Publishing;

/// <summary>Turns a finished draft into a source and dataset through the same registration the admin
/// API uses, queues the first harvest, and writes the audit log.</summary>
public sealed class SourcePublishing(SourceRegistration registration, CatalogueDbContext catalogue, WebDbContext web, AuditLog audit)
{
    public async Task<SourceRegistrationResult> PublishAsync(DatasetDraft draft, ClaimsPrincipal user, CancellationToken ct)
    {
        var organisation = await catalogue.Organisations.FirstAsync(o => o.Id == draft.OrganisationId, ct);
        var frequency = UpdateFrequencies.Find(draft.UpdateFrequency);
        var request = new CreateSourceRequest(
            Name: draft.Title!.Trim(),
            Location: draft.Location,
            Kind: draft.Kind,
            Schedule: frequency.Cron,
            SpecificationId: draft.SpecificationId,
            Title: draft.Title.Trim(),
            TitleEn: Blank(draft.TitleEn),
            Description: draft.Description?.Trim(),
            Keywords: Split(draft.Keywords),
            Themes: Split(draft.Themes),
            License: draft.License ?? Licenses.Cc0,
            ContactEmail: Blank(draft.ContactEmail),
            Enabled: true,
            HarvestNow: true);
        var result = await registration.RegisterAsync(organisation, request, ct);
        if (!result.Succeeded) return result;

        if (Blank(draft.ContactPhone) is { } phone)
        {
            result.Dataset!.ContactPhone = phone;
            await catalogue.SaveChangesAsync(ct);
        }
        draft.SourceId = result.Source!.Id;
        draft.Step = DraftStep.Published;
        draft.UpdatedAt = DateTimeOffset.UtcNow;
        await web.SaveChangesAsync(ct);
        await audit.RecordAsync(user, organisation.Id, "dataset.publish", $"{organisation.Slug}/{result.Dataset!.Slug}",
            $"source {result.Source.Id}, {draft.Location}", ct);
        return result;
    }

    public static List<string> Split(string? list) =>
        (list ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
