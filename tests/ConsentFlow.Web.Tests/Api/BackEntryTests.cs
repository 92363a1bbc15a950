using System.Text.Json.Nodes;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>
/// Issue 11: a scheduled start in the past or more than 2 years ahead is refused (400 naming scheduledStart) unless an
/// administrator flags the case as a back-entry; administrators do not book cases, so that takes a person with both roles.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BackEntryTests(RunningApp app)
{
    private const string ManagerPassword = "nurse manager first password";
    private static readonly SemaphoreSlim ManagerCreated = new(1, 1);
    private static readonly Dictionary<Uri, ApiClient> Managers = [];

    public static TheoryData<string, double> OutsideTheWindow => new()
    {
        { "an hour ago", -1.0 / 24 },
        { "last year", -365 },
        { "two years and two days ahead", 2 * 365 + 2 },
        { "five years ahead", 5 * 365 },
    };

    public static TheoryData<string, double> InsideTheWindow => new()
    {
        { "in an hour", 1.0 / 24 },
        { "two years less a day ahead", 2 * 365 - 1 },
    };

    [Theory]
    [MemberData(nameof(OutsideTheWindow))]
    public async Task A_start_outside_the_booking_window_is_refused_naming_scheduledStart(string when, double days)
    {
        using var response = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", Case(days));
        var problem = await ApiClient.ReadAsync(response, 400);
        Assert.True(problem["errors"]!["scheduledStart"] is not null, when);
    }

    [Theory]
    [MemberData(nameof(InsideTheWindow))]
    public async Task A_start_inside_the_booking_window_needs_no_flag(string when, double days)
    {
        using var response = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", Case(days));
        Assert.True((await ApiClient.ReadAsync(response, 201))["instanceId"] is not null, when);
    }

    [Theory]
    [MemberData(nameof(OutsideTheWindow))]
    public async Task An_administrator_who_books_cases_may_record_a_back_entry_and_the_journal_says_so(string when, double days)
    {
        var body = Case(days);
        body["backEntry"] = true;
        using var response = await (await ManagerAsync()).PostAsync("/api/v1/cases", body);
        var started = await ApiClient.ReadAsync(response, 201);
        var journal = await (await app.ClientAsync(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{started["instanceId"]}/audit-trail");
        Assert.True(journal.ToJsonString().Contains("case.backEntry", StringComparison.Ordinal), when);
    }

    [Theory]
    [MemberData(nameof(OutsideTheWindow))]
    public async Task A_scheduler_who_is_not_an_administrator_cannot_flag_a_back_entry(string when, double days)
    {
        var body = Case(days);
        body["backEntry"] = true;
        using var response = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", body);
        Assert.True((await ApiClient.ReadAsync(response, 403))["detail"]!.GetValue<string>().Contains("backEntry"), when);
    }

    [Fact]
    public async Task A_change_of_plan_into_the_past_is_refused_unless_an_administrator_flags_it()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var past = DateTimeOffset.UtcNow.AddDays(-3).ToString("O");
        using (var refused = await (await app.ClientAsync(CaseDriver.Scheduler)).PatchAsync($"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["scheduledStart"] = past }))
            Assert.NotNull((await ApiClient.ReadAsync(refused, 400))["errors"]!["scheduledStart"]);
        using (var forbidden = await (await app.ClientAsync(CaseDriver.Scheduler)).PatchAsync($"/api/v1/cases/{patientCase.InstanceId}",
                   new JsonObject { ["scheduledStart"] = past, ["backEntry"] = true }))
            await ApiClient.ReadAsync(forbidden, 403);
        using var accepted = await (await ManagerAsync()).PatchAsync($"/api/v1/cases/{patientCase.InstanceId}", new JsonObject { ["scheduledStart"] = past, ["backEntry"] = true });
        await ApiClient.ReadAsync(accepted, 200);
    }

    private static JsonObject Case(double daysFromNow) =>
        CaseDriver.NewCaseBody("BACK-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(daysFromNow));

    /// <summary>A nurse manager who is also an administrator (a person may hold several roles), created once through the admin API.</summary>
    private async Task<ApiClient> ManagerAsync()
    {
        await ManagerCreated.WaitAsync();
        try
        {
            if (Managers.TryGetValue(app.BaseAddress, out var manager)) return manager;
            var userName = "manager-" + Guid.NewGuid().ToString("N")[..6];
            using var created = await (await app.ClientAsync(CaseDriver.Administrator)).PostAsync("/api/v1/admin/users", new JsonObject
            {
                ["userName"] = userName, ["displayName"] = "Sam Ortiz", ["professionalTitle"] = "RN", ["roles"] = new JsonArray("nurse", "administrator"),
                ["password"] = ManagerPassword, ["administratorPassword"] = DemoStaff.Password,
            });
            await ApiClient.ReadAsync(created, 201);
            return Managers[app.BaseAddress] = await ApiClient.SignInAsync(app.BaseAddress, userName, ManagerPassword);
        }
        finally
        {
            ManagerCreated.Release();
        }
    }
}
