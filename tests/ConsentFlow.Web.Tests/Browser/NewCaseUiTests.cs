using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class NewCaseUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1280, 900, CaseDriver.Scheduler)
{
    private async Task FillAsync(string testId, string value)
    {
        // MudBlazor puts the attribute on the input itself.
        var input = Page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    [Fact]
    public async Task A_scheduler_books_a_returning_patient_found_by_MRN_and_the_case_belongs_to_that_patient()
    {
        var mrn = "NC-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var api = await App.ClientAsync(CaseDriver.Scheduler);
        using (var earlier = await api.PostAsync("/api/v1/cases", CaseDriver.NewCaseBody(mrn, DateTimeOffset.UtcNow.AddDays(2))))
            await ApiClient.ReadAsync(earlier, 201);

        await Page.GotoAsync("/");
        await Page.GetByTestId("new-case").ClickAsync();
        await Page.WaitForURLAsync("**/cases/new");

        // Without a surgeon or date the form names what is missing and stays.
        await FillAsync("new-mrn", mrn);
        await Page.GetByTestId("lookup-patient").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("patient-found")).ToContainTextAsync("Testcase, Riley");
        await Assertions.Expect(Page.GetByTestId("patient-found")).ToContainTextAsync("1 earlier case");
        await Page.GetByTestId("create-case").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("new-case-problem")).ToContainTextAsync("surgeon");
        await Assertions.Expect(Page.GetByTestId("new-case-problem")).ToContainTextAsync("scheduledStart");

        await FillAsync("new-surgeon", "Dr. M. Okafor");
        await FillAsync("new-date", DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd"));
        await Page.GetByTestId("create-case").ClickAsync();
        // Creating the case and opening its page can take longer than the default 15 s on a busy CI machine.
        await Page.WaitForURLAsync(new Regex("/cases/[0-9a-f-]{36}$"), new() { Timeout = 45_000 });
        await Assertions.Expect(Page.GetByText(mrn).First).ToBeVisibleAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "new-case-linked.png"), FullPage = true });

        using var lookup = await api.PostAsync("/api/v1/patients/lookup", new JsonObject { ["mrn"] = mrn });
        Assert.Equal(2, (await ApiClient.ReadAsync(lookup, 200))["caseCount"]!.GetValue<int>());
    }
}
