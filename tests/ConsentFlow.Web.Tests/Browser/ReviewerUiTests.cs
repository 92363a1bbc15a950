using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class ReviewerUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1024, 768)
{
    [Fact]
    public async Task A_surgeon_overrides_a_hard_stop_only_with_a_written_reason()
    {
        var patientCase = await CaseDriver.StartAsync(App);
        using (var imaging = await patientCase.SubmitAsync("imaging-review", CaseDriver.Nurse, new JsonObject { ["level"] = "L5-S1" }))
            await ApiClient.ReadAsync(imaging, 200);
        var overrideTask = (await patientCase.OpenTasksAsync()).First(t => t!["kind"]!.GetValue<string>() == "Override")!;

        await Chromium.SignInAsync(Page, CaseDriver.Surgeon);
        await Page.GotoAsync($"/tasks/{overrideTask["id"]}");
        await Assertions.Expect(Page.GetByTestId("override-reasons")).ToContainTextAsync("Imaging shows L5-S1 but the case is booked at L4-L5");
        await Page.GetByLabel("Your password *").FillAsync(Web.Hosting.DemoStaff.Password);

        await Page.GetByLabel("Written reason for overriding *").FillAsync("ok");
        await Page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-field=reason]").GetByText("a written reason of at least 10 characters")).ToBeVisibleAsync();
        // The error summary lists it and focus is already in the field to fix.
        await Assertions.Expect(Page.GetByTestId("form-banner")).ToContainTextAsync("Written reason for overriding");
        await Assertions.Expect(Page.Locator("[data-field=reason] textarea:focus")).ToHaveCountAsync(1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "override.png"), FullPage = true });

        await Page.GetByLabel("Written reason for overriding *").FillAsync("Re-read the MRI with radiology: transitional vertebra, L4-L5 is correct.");
        await Page.GetByLabel("Your password *").FillAsync("not my password at all");
        await Page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-field=password]").GetByText("enter your own current password again")).ToBeVisibleAsync();
        await Page.GetByLabel("Your password *").FillAsync(Web.Hosting.DemoStaff.Password);
        await Page.GetByTestId("submit-task").ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cases/{patientCase.InstanceId}$"));
        Assert.DoesNotContain(await patientCase.OpenTasksAsync(), t => t!["kind"]!.GetValue<string>() == "Override");
    }

    [Fact]
    public async Task The_admin_page_opens_the_studio_which_checks_the_published_definition()
    {
        await Chromium.SignInAsync(Page, CaseDriver.Administrator, returnUrl: "/admin/studio");
        await Page.GotoAsync("/admin");
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/studio$"));
        await Assertions.Expect(Page.GetByTestId("studio-definitions")).ToContainTextAsync("peld-consent");
        await Page.Locator("[data-definition=peld-consent]").GetByTestId("open-definition").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("studio-editor").GetByTestId("editor-valid")).ToBeVisibleAsync();
    }
}
