using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Playwright;

namespace ConsentFlow.Web.Tests.Browser;

/// <summary>The screens audit what they showed like the API does: the board and the inbox name each case on them.</summary>
[Collection(AppCollection.Name)]
public sealed class ListAuditUiTests(RunningApp app, SharedChromium chromium) : BrowserTest(app, chromium, 1280, 900, CaseDriver.Nurse)
{
    /// <summary>A case on the board's default window (today and the next week), so the board and the inbox both show it.</summary>
    private async Task<CaseDriver> CaseThisWeekAsync()
    {
        var mrn = "UI-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        using var created = await (await App.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", CaseDriver.NewCaseBody(mrn, start));
        var answer = await ApiClient.ReadAsync(created, 201);
        return CaseDriver.Attach(App, Guid.Parse(answer["instanceId"]!.GetValue<string>()), Guid.Parse(answer["caseId"]!.GetValue<string>()),
            Guid.Parse(answer["patientId"]!.GetValue<string>()), mrn, start);
    }

    /// <summary>
    /// The nurse's audited reads of a case once one of them is a list read. The screen renders the list before it audits,
    /// so the test waits a little for the audit to be queued.
    /// </summary>
    private async Task<IReadOnlyList<AuditLine>> NurseListReadsOfAsync(Guid instanceId, string subject)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var nurseId = (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().FindByNameAsync(CaseDriver.Nurse))!.Id;
        for (var attempt = 0; ; attempt++)
        {
            await App.Services.GetRequiredService<AccessAudit>().FlushAsync(CancellationToken.None);
            var reads = await App.Services.GetRequiredService<AccessLog>().ReadAsync(instanceId, nurseId, null, null, CancellationToken.None);
            if (attempt == 50 || reads.Any(r => r.Kind == nameof(AccessKind.CaseListed) && r.Subject == subject)) return reads;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_board_search_on_the_screen_audits_each_case_it_showed()
    {
        var patientCase = await CaseThisWeekAsync();
        await Page.GotoAsync("/");
        await Page.GetByTestId("filter-search").FillAsync(patientCase.Mrn);
        await Page.GetByTestId("apply-filters").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=case-card]").Filter(new() { HasText = patientCase.Mrn })).ToHaveCountAsync(1);

        var reads = await NurseListReadsOfAsync(patientCase.InstanceId, "/");
        Assert.Contains(reads, r => r.Kind == nameof(AccessKind.CaseListed) && r.Subject == "/");
        Assert.DoesNotContain(reads, r => r.Subject?.Contains(patientCase.Mrn) == true);
    }

    [Fact]
    public async Task The_inbox_audits_each_case_whose_tasks_it_showed()
    {
        var patientCase = await CaseThisWeekAsync();
        await Page.GotoAsync("/inbox");
        await Page.GetByTestId("inbox-search").FillAsync(patientCase.Mrn);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=inbox-task]").Filter(new() { HasText = patientCase.Mrn }).First).ToBeVisibleAsync();

        Assert.Contains(await NurseListReadsOfAsync(patientCase.InstanceId, "/inbox"), r => r.Kind == nameof(AccessKind.CaseListed) && r.Subject == "/inbox");
    }
}
