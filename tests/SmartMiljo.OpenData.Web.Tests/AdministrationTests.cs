using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>An administrator gives people access; a viewer sees an organisation's sources but changes nothing.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class AdministrationTests(WebPlatform platform)
{
    [Fact]
    public async Task Administrator_grants_a_viewer_who_can_read_the_source_page_but_not_harvest()
    {
        var admin = await platform.NewPageAsync();
        await admin.GotoAsync("/konto/logga-in");
        await admin.GetByLabel("E-postadress").FillAsync("admin@localhost");
        await admin.GetByLabel("Lösenord").FillAsync(WebPlatform.AdministratorPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).Last.ClickAsync();
        await admin.WaitForPageAsync("**/publicera");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Användare" }).ClickAsync();
        await admin.GetByLabel("E-postadress").FillAsync("lasare@exempelkommun.se");
        await admin.GetByLabel("Namn").FillAsync("Läsare");
        await admin.Locator("#password").FillAsync(WebPlatform.Password);
        await admin.GetByLabel("Organisation").SelectOptionAsync(new SelectOptionValue { Label = "Exempelkommun" });
        await admin.GetByLabel("Roll").SelectOptionAsync("Viewer");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Assertions.Expect(admin.Locator("p.notice")).ToContainTextAsync("läsare för Exempelkommun");
        Assert.Contains("Exempelkommun: läsare", await admin.Locator("table").InnerTextAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(admin));

        var audit = await admin.GotoAsync("/admin/logg");
        var auditText = await admin.Locator("table").InnerTextAsync();
        Assert.Contains("member.grant", auditText);
        Assert.Contains("Exempelkommun", auditText); // the organisation the grant was for
        Assert.Contains("user.signin", auditText); // the administrator's own password sign-in

        var viewer = await platform.NewPageAsync();
        await platform.SignInAsync(viewer, "lasare@exempelkommun.se");
        Assert.Equal(0, await viewer.GetByRole(AriaRole.Link, new() { Name = "Ny datamängd" }).CountAsync());
        var sourceId = await platform.FirstSourceIdAsync("exempelkommun");
        await viewer.GotoAsync($"/publicera/kallor/{sourceId}");
        Assert.Equal(0, await viewer.Locator("#harvest-now").CountAsync());
        Assert.True(await viewer.Locator("tr[data-status]").CountAsync() > 0);

        // The page hides the button; the server refuses the request anyway.
        var token = await viewer.Locator("form input[name=__RequestVerificationToken]").First.InputValueAsync();
        var post = await viewer.APIRequest.PostAsync($"/publicera/kallor/{sourceId}?handler=Harvest",
            new() { Form = viewer.APIRequest.CreateFormData().Set("__RequestVerificationToken", token), MaxRedirects = 0 });
        Assert.Equal(302, post.Status);
        Assert.Contains("/konto/nekad", post.Headers["location"]);
        Assert.Equal(0, await platform.RunCountAsync(sourceId, trigger: "web"));

        // Administrators, and only they, reach the job dashboard.
        var dashboard = await admin.GotoAsync("/hangfire");
        Assert.Equal(200, dashboard!.Status);
        var viewerDashboard = await viewer.GotoAsync("/hangfire");
        Assert.Equal(403, viewerDashboard!.Status);

        // The administrator takes the membership back: the viewer no longer reaches the source.
        await admin.GotoAsync("/admin/anvandare");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ta bort lasare@exempelkommun.se ur Exempelkommun" }).ClickAsync();
        await Assertions.Expect(admin.Locator("p.notice")).ToContainTextAsync("är inte längre medlem i Exempelkommun");
        Assert.DoesNotContain("Exempelkommun: läsare", await admin.Locator("table").InnerTextAsync());
        await viewer.GotoAsync($"/publicera/kallor/{sourceId}");
        Assert.Contains("/konto/nekad", viewer.Url);
        Assert.Contains("member.revoke", await (await admin.GotoAsync("/admin/logg"))!.TextAsync());
    }
}
