using System.Text;
using System.Text.Json.Nodes;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Web.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>Reviewers see what they sign off, two-role overrides say who is still needed, and a person's choices follow them.</summary>
[Collection(AppCollection.Name)]
public sealed class HistoryUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1280, 900)
{
    private const string SurgeonReason = "Discussed with the patient's cardiologist; stable for moderate sedation.";

    [Fact]
    public async Task The_surgeons_countersign_shows_the_consent_text_and_the_patients_signature_image_with_its_time_and_witness()
    {
        var patientCase = await StartAsync(App);
        await patientCase.PatientSignsAsync();
        await patientCase.SubmitOkAsync("consent-signature", Witness, "witness");
        var countersign = await patientCase.TaskAsync("consent-signature", "surgeon");

        await Chromium.SignInAsync(Page, Surgeon, returnUrl: $"/tasks/{countersign["id"]}");

        var review = Page.GetByTestId("signed-consent-review");
        // Signed through the API, the tablet's fingerprint of the shown text is not there to compare: the screen says so rather than "differs".
        await Assertions.Expect(review.GetByTestId("text-unverified")).ToBeVisibleAsync();
        var patientSignature = review.Locator("[data-testid=given-signature][data-signer=patient]");
        await Assertions.Expect(patientSignature.GetByTestId("signature-image")).ToBeVisibleAsync();
        await Assertions.Expect(patientSignature.Locator("polyline")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(patientSignature).ToContainTextAsync("(Chicago)");
        await Assertions.Expect(review.Locator("[data-testid=given-signature][data-signer=witness]")).ToContainTextAsync("Casey Morgan");
        await Assertions.Expect(review.GetByTestId("signed-consent-text")).ToContainTextAsync("endoscop");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "countersign-review.png"), FullPage = true });
    }

    [Fact]
    public async Task The_anesthesiologists_review_shows_every_answer_of_the_sedation_screening()
    {
        var patientCase = await StartAsync(App);
        await ApiClient.ReadAsync(await patientCase.SubmitAsync("sedation-screening", Nurse, new JsonObject { ["osaDiagnosed"] = true }), 200);
        var review = await patientCase.TaskAsync("anesthesia-escalation");

        await Chromium.SignInAsync(Page, Anesthesiologist, returnUrl: $"/tasks/{review["id"]}");

        var screening = Page.GetByTestId("reviewed-screening");
        await Assertions.Expect(screening).ToContainTextAsync("Sedation screening: every answer");
        await Assertions.Expect(screening).ToContainTextAsync("STOP-BANG score");
        await Assertions.Expect(screening).ToContainTextAsync("Someone observed breathing stop during sleep");
        Assert.True(await screening.GetByTestId("reviewed-answer").CountAsync() >= 20, "every answer of the screening, not a summary");
    }

    [Fact]
    public async Task A_two_role_override_says_one_of_two_roles_has_overridden_and_which_is_still_needed()
    {
        var patientCase = await StartAsync(App);
        await ApiClient.ReadAsync(await patientCase.SubmitAsync("sedation-screening", Nurse, new JsonObject { ["asaClass"] = "IV" }), 200);
        await OverrideAsync(patientCase, Surgeon, SurgeonReason);
        var anesthesiaTask = await OverrideTaskForAsync(patientCase, "anesthesiologist");

        await Chromium.SignInAsync(Page, Anesthesiologist, returnUrl: $"/tasks/{anesthesiaTask}");
        await Assertions.Expect(Page.GetByTestId("override-progress")).ToHaveTextAsync("1 of 2 roles have overridden: surgeon done, anesthesiologist needed.");
        await Assertions.Expect(Page.GetByTestId("earlier-overrides")).ToContainTextAsync(SurgeonReason);

        await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
        var state = Page.GetByTestId("override-state").First;
        await Assertions.Expect(state.GetByTestId("override-progress")).ToHaveTextAsync("1 of 2 roles have overridden: surgeon done, anesthesiologist needed.");
        await Assertions.Expect(state.GetByTestId("override-given")).ToContainTextAsync(SurgeonReason);
        await Assertions.Expect(Page.GetByTestId("case-timeline")).ToContainTextAsync($"overrode the hard stop at “Sedation hard stops”. Reason: “{SurgeonReason}”.");

        await Page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        await Assertions.Expect(state.GetByTestId("override-progress")).ToHaveTextAsync("1 de 2 roles han anulado: cirujano/a hecho, falta anestesiólogo/a.");
        // Roles are worded in Spanish; what the surgeon wrote is quoted exactly, "patient" and all.
        await Assertions.Expect(Page.GetByTestId("case-timeline")).ToContainTextAsync($"Dr. Maya Okafor (cirujano/a) anuló la parada obligatoria en «Paradas obligatorias de sedación». Motivo: «{SurgeonReason}».");
    }

    [Fact]
    public async Task The_case_page_with_its_history_has_no_serious_accessibility_violation_in_either_language()
    {
        var patientCase = await StartAsync(App);
        await ApiClient.ReadAsync(await patientCase.SubmitAsync("sedation-screening", Nurse, new JsonObject { ["asaClass"] = "IV" }), 200);
        await OverrideAsync(patientCase, Surgeon, SurgeonReason);
        await patientCase.SubmitOkAsync("consent-discussion", Surgeon);

        try
        {
            await Chromium.SignInAsync(Page, Nurse);
        }
        catch (TimeoutException)
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "history-sign-in-timeout.png"), FullPage = true });
            throw new Xunit.Sdk.XunitException($"Sign-in did not reach the board; the page is {Page.Url}: {await Page.Locator("body").InnerTextAsync()}");
        }
        var report = new StringBuilder();
        foreach (var language in new[] { "en", "es" })
        {
            await Context.AddCookiesAsync([new Cookie { Name = "ConsentFlow.Language", Value = language, Url = App.BaseAddress.ToString().TrimEnd('/') }]);
            await Page.GotoAsync($"/cases/{patientCase.InstanceId}");
            await Page.GetByTestId("timeline-entry").First.WaitForAsync();
            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var result = await Page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
            {
                RunOnly = Deque.AxeCore.Commons.RunOnlyOptions.Tags("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
            });
            foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
                foreach (var node in violation.Nodes.Take(5))
                    report.AppendLine($"{language}: {violation.Id} ({violation.Impact}) {node.Target} {violation.Help}");
        }
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "case-timeline-es.png"), FullPage = true });
        Assert.True(report.Length == 0, report.ToString());
    }

    [Fact]
    public async Task The_boards_filters_and_the_language_survive_signing_out_and_in_on_another_device_but_never_the_search()
    {
        var userName = "nurse-" + Guid.NewGuid().ToString("N")[..8];
        using (var scope = App.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
                .AddAsync(new NewStaffAccount(userName, "Robin Vale", "RN", [StaffRoles.Nurse], Web.Hosting.DemoStaff.Password), "test", CancellationToken.None);
        var from = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd");
        var to = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd");

        await Chromium.SignInAsync(Page, userName);
        await Page.GetByTestId("case-card").Or(Page.Locator(".mud-alert")).First.WaitForAsync();
        await Page.GetByTestId("filter-from").FillAsync(from);
        await Page.GetByTestId("filter-to").FillAsync(to);
        await Page.GetByTestId("filter-surgeon").FillAsync("Okafor");
        await Page.GetByTestId("filter-search").FillAsync("DEMO-0003");
        await Page.GetByTestId("apply-filters").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "ES", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Pacientes" })).ToBeVisibleAsync();
        await Page.GetByTestId("sign-out").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/account/login"));

        // Another device: a fresh browser with no cookies of its own.
        var other = await Context.Browser!.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        other.SetDefaultTimeout(15_000);
        var page = await other.NewPageAsync();
        await Chromium.SignInAsync(page, userName);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pacientes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filter-from")).ToHaveValueAsync(from);
        await Assertions.Expect(page.GetByTestId("filter-to")).ToHaveValueAsync(to);
        await Assertions.Expect(page.GetByTestId("filter-surgeon")).ToHaveValueAsync("Okafor");
        await Assertions.Expect(page.GetByTestId("filter-search")).ToHaveValueAsync("");
        await other.CloseAsync();
    }

    private static async Task<string> OverrideTaskForAsync(CaseDriver patientCase, string role) =>
        (await patientCase.OpenTasksAsync()).First(t => t!["kind"]!.GetValue<string>() == "Override"
            && t["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!["id"]!.GetValue<string>();

    private static async Task OverrideAsync(CaseDriver patientCase, string userName, string reason)
    {
        var task = await OverrideTaskForAsync(patientCase, userName);
        var client = await patientCase.As(userName);
        await ApiClient.ReadAsync(await client.PostAsync($"/api/v1/tasks/{task}/signature",
            new JsonObject { ["answers"] = new JsonObject { ["reason"] = reason }, ["password"] = Web.Hosting.DemoStaff.Password }), 200);
    }
}
