using Microsoft.Playwright;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>Organisations in the web: an administrator creates one (the organisationsnummer checked) and
/// names its administrator, who edits its details and manages its members without the instance's help.</summary>
[Collection(WebPlatformCollection.Name)]
public sealed class OrganisationPagesTests(WebPlatform platform)
{
    [Fact]
    public async Task An_administrator_creates_an_organisation_whose_own_administrator_edits_it_and_manages_its_members()
    {
        var admin = await platform.NewPageAsync();
        await admin.GotoAsync("/konto/logga-in");
        await admin.GetByLabel("E-postadress").FillAsync("admin@localhost");
        await admin.GetByLabel("Lösenord").FillAsync(WebPlatform.AdministratorPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).Last.ClickAsync();
        await admin.WaitForPageAsync("**/publicera");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Hantera organisationer" }).ClickAsync();

        // A wrong check digit is named at its field, and what was typed stays.
        await admin.Locator("#new-name").FillAsync("Nykommun");
        await admin.Locator("#new-slug").FillAsync("nykommun");
        await admin.Locator("#new-organisationNumber").FillAsync("2120001521");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Skapa organisationen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#new-organisationNumber-error")).ToContainTextAsync("kontrollsiffra");
        Assert.Equal("Nykommun", await admin.Locator("#new-name").InputValueAsync());
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(admin));
        await admin.Locator("#new-organisationNumber").FillAsync("2120001538");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Skapa organisationen" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#organisations-message")).ToContainTextAsync("Nykommun är skapad");

        // Its administrator, named by the instance's administrator.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Nykommun" }).ClickAsync();
        await admin.WaitForPageAsync("**/publicera/organisationer/nykommun");
        await admin.Locator("#member-email").FillAsync("chef@nykommun.se");
        await admin.Locator("#member-name").FillAsync("Chef");
        await admin.Locator("#member-password").FillAsync(WebPlatform.Password);
        await admin.Locator("#member-role").SelectOptionAsync("administrator");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lägg till" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#settings-message")).ToContainTextAsync("chef@nykommun.se är organisationens administratör");

        var chief = await platform.NewPageAsync();
        await platform.SignInAsync(chief, "chef@nykommun.se");
        await chief.GetByRole(AriaRole.Link, new() { Name = "Uppgifter och medlemmar för Nykommun" }).ClickAsync();
        await chief.Locator("#homepage").FillAsync("https://www.nykommun.se/");
        await chief.Locator("#municipalityCode").FillAsync("1493");
        await chief.GetByRole(AriaRole.Button, new() { Name = "Spara uppgifterna" }).ClickAsync();
        await Assertions.Expect(chief.Locator("#settings-message")).ToContainTextAsync("Uppgifterna är sparade");
        Assert.Equal("https://www.nykommun.se/", await chief.Locator("#homepage").InputValueAsync());

        await chief.Locator("#member-email").FillAsync("gis@nykommun.se");
        await chief.Locator("#member-password").FillAsync(WebPlatform.Password);
        await chief.GetByRole(AriaRole.Button, new() { Name = "Lägg till" }).ClickAsync();
        await Assertions.Expect(chief.Locator("#members")).ToContainTextAsync("gis@nykommun.se");
        Assert.Empty(await WebPlatform.SeriousAccessibilityViolationsAsync(chief));
        await chief.GetByRole(AriaRole.Button, new() { Name = "Ta bort gis@nykommun.se" }).ClickAsync();
        await Assertions.Expect(chief.Locator("#settings-message")).ToContainTextAsync("gis@nykommun.se är inte längre medlem");
        Assert.DoesNotContain("gis@nykommun.se", await chief.Locator("#members").InnerTextAsync());

        // Only their own organisation, and no administrators' pages.
        Assert.Equal(403, (await chief.GotoAsync("/publicera/organisationer/exempelkommun"))!.Status);
        await chief.GotoAsync("/admin/organisationer");
        Assert.Contains("/konto/nekad", chief.Url);

        // A publisher of an organisation is not its administrator.
        var publisher = await platform.NewPageAsync();
        await platform.SignInAsync(publisher, WebPlatform.PublisherEmail);
        Assert.Equal(0, await publisher.GetByRole(AriaRole.Link, new() { Name = "Uppgifter och medlemmar för Exempelkommun" }).CountAsync());
        Assert.Equal(403, (await publisher.GotoAsync("/publicera/organisationer/exempelkommun"))!.Status);

        var log = await (await admin.GotoAsync("/admin/logg"))!.TextAsync();
        Assert.Contains("organisation.create", log);
        Assert.Contains("organisation.edit", log);
        Assert.Contains("member.revoke", log);
    }
}
