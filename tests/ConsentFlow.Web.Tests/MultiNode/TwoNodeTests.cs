using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ConsentFlow.Web.Tests.MultiNode;

/// <summary>Issue 11: two app processes on one PostgreSQL database keep the promises one process keeps.</summary>
[Collection(AppNodesCollection.Name)]
public sealed class TwoNodeTests(TwoAppNodes nodes, ITestOutputHelper output) : IClassFixture<TwoAppNodes>
{
    [Fact]
    public async Task The_same_task_submitted_on_both_nodes_at_once_is_completed_once_and_the_other_node_answers_409()
    {
        var scheduler = await TwoAppNodes.SignInAsync(nodes.A, "scheduler");
        var (nurseA, nurseB) = (await TwoAppNodes.SignInAsync(nodes.A, "nurse"), await TwoAppNodes.SignInAsync(nodes.B, "nurse"));
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(14), TimeSpan.Zero);
        var cases = new List<NodeCase>();
        for (var i = 0; i < 12; i++) cases.Add(await NodeCase.BookAsync(scheduler, start, "RACE"));

        // Each node submits once before the races, so neither is still compiling its write path when they start.
        foreach (var nurse in new[] { nurseA, nurseB })
        {
            var warmUp = await NodeCase.BookAsync(scheduler, start, "WARM");
            using var done = await nurse.PostAsync($"/api/v1/tasks/{await warmUp.OpenTaskIdAsync(nurse, "imaging-review")}/submission", TwoAppNodes.Answers("imaging-review", start));
            await ApiClient.ReadAsync(done, 200);
        }

        var results = new List<(Guid Task, HttpStatusCode A, HttpStatusCode B)>();
        // One race at a time, so each is decided by the two nodes' commits and not by a queue of other races.
        foreach (var (patientCase, i) in cases.Select((c, i) => (c, i)))
        {
            // Both nodes read the task first, so both nurses hold a warm connection when the race starts.
            var task = await patientCase.OpenTaskIdAsync(nurseA, "imaging-review");
            Assert.Equal(task, await patientCase.OpenTaskIdAsync(nurseB, "imaging-review"));
            var answers = TwoAppNodes.Answers("imaging-review", start);
            var path = $"/api/v1/tasks/{task}/submission";
            Task<HttpResponseMessage> Submit(ApiClient nurse) => nurse.PostAsync(path, answers.DeepClone(), ("Idempotency-Key", Guid.NewGuid().ToString()));
            // Which node's request leaves first alternates, so each node wins some races.
            var (fromA, fromB) = i % 2 == 0 ? (Submit(nurseA), Submit(nurseB)) : Swap(Submit(nurseB), Submit(nurseA));
            using var a = await fromA;
            using var b = await fromB;
            results.Add((Guid.Parse(task), a.StatusCode, b.StatusCode));
        }

        var winsA = results.Count(r => r.A == HttpStatusCode.OK);
        var winsB = results.Count(r => r.B == HttpStatusCode.OK);
        output.WriteLine($"same-task races: {results.Count}; won on node A: {winsA}, on node B: {winsB}; " +
            $"409 answers: {results.Sum(r => (r.A == HttpStatusCode.Conflict ? 1 : 0) + (r.B == HttpStatusCode.Conflict ? 1 : 0))}");
        Assert.All(results, r => Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], new[] { r.A, r.B }.Order()));

        await using var db = nodes.Database();
        var completions = await CompletionsAsync(db, cases.Select(c => c.InstanceId).ToList());
        Assert.All(results, r => Assert.Equal(1, completions.GetValueOrDefault(r.Task)));
    }

    [Fact]
    public async Task Due_timers_fire_exactly_once_while_both_nodes_poll_them()
    {
        // A procedure the day after tomorrow: the imaging review and the screening were due three days before it, so
        // each case has overdue timers that are already due, and both nodes' schedulers reach for them.
        var (onA, onB) = (await TwoAppNodes.SignInAsync(nodes.A, "scheduler"), await TwoAppNodes.SignInAsync(nodes.B, "scheduler"));
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var cases = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => NodeCase.BookAsync(i % 2 == 0 ? onA : onB, start, "TIMER")));
        var instances = cases.Select(c => c.InstanceId).ToList();

        await using var db = nodes.Database();
        var dueTimers = await db.Timers.Where(t => instances.Contains(t.InstanceId) && t.Purpose == TimerPurpose.TaskDue).CountAsync();
        Assert.True(dueTimers >= cases.Length, $"expected at least one due timer per case, found {dueTimers}");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await db.Timers.AnyAsync(t => instances.Contains(t.InstanceId) && t.Status == TimerStatus.Pending && t.DueAtUtc <= DateTime.UtcNow))
        {
            Assert.True(DateTime.UtcNow < deadline, "the due timers did not all fire within 90 s");
            await Task.Delay(500);
        }

        var fired = await db.Timers.AsNoTracking().Where(t => instances.Contains(t.InstanceId) && t.Status == TimerStatus.Fired).ToListAsync();
        var overdue = (await db.Journal.AsNoTracking().Where(e => instances.Contains(e.InstanceId!.Value) && e.Action == "task.overdue").ToListAsync())
            .GroupBy(e => JsonDocument.Parse(e.DetailsJson).RootElement.GetProperty("task").GetGuid()).ToList();
        var firedTwice = overdue.Count(g => g.Count() > 1);
        var byNode = fired.GroupBy(t => t.LeaseOwner!.Split(':')[0]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"timers due: {dueTimers}; fired: {fired.Count} (node A: {byNode.GetValueOrDefault(nodes.A.ProcessId.ToString())}, " +
            $"node B: {byNode.GetValueOrDefault(nodes.B.ProcessId.ToString())}); overdue entries: {overdue.Sum(g => g.Count())}; timers fired twice: {firedTwice}");

        Assert.Equal(dueTimers, fired.Count);
        Assert.Equal(0, firedTwice);
        Assert.Equal(fired.Select(t => t.TaskId!.Value).Order(), overdue.Select(g => g.Key).Order());
    }

    [Fact]
    public async Task A_staff_session_signed_in_on_node_A_is_accepted_by_node_B()
    {
        var onA = await TwoAppNodes.SignInAsync(nodes.A, "nurse");
        var onB = ApiClient.Anonymous(nodes.B.BaseAddress);
        // Cookies are per host, not per port: the same browser session goes to whichever node the balancer picks.
        onB.Cookies.Add(onA.Cookies.GetAllCookies());

        using var board = await onB.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        // The sign-in form served by node B (its antiforgery token) is posted to node A, which signs the nurse in.
        var browser = ApiClient.Anonymous(nodes.B.BaseAddress);
        using var page = await browser.GetAsync("/account/login");
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var toA = ApiClient.Anonymous(nodes.A.BaseAddress);
        toA.Cookies.Add(browser.Cookies.GetAllCookies());
        using var signIn = await toA.PostContentAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "nurse", ["password"] = DemoStaff.Password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        await using var identity = Identity.Storage.IdentityStoreSetup.CreateContext(nodes.Storage);
        var keys = await identity.DataProtectionKeys.CountAsync();
        output.WriteLine($"data-protection keys in the database: {keys}");
        Assert.True(keys >= 1, "no data-protection key was stored in the database"); // nodes creating their first key together may store two
    }

    private static (T, T) Swap<T>(T first, T second) => (second, first);

    internal static async Task<Dictionary<Guid, int>> CompletionsAsync(ConsentFlowDbContext db, List<Guid> instances) =>
        (await db.Journal.AsNoTracking().Where(e => instances.Contains(e.InstanceId!.Value) && e.Action == "task.completed").ToListAsync())
            .GroupBy(e => JsonDocument.Parse(e.DetailsJson).RootElement.GetProperty("task").GetGuid())
            .ToDictionary(g => g.Key, g => g.Count());
}
