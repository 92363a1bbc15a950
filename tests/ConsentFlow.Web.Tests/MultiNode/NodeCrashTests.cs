using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Journal;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ConsentFlow.Web.Tests.MultiNode;

/// <summary>
/// Issue 11: kill -9 one of two nodes while both take bookings and submissions. Every write a caller saw acknowledged
/// is in the database exactly once, callers who got no answer retry with their idempotency key on the surviving node
/// without creating anything twice, and the journal still verifies.
/// </summary>
[Collection(AppNodesCollection.Name)]
public sealed class NodeCrashTests(TwoAppNodes nodes, ITestOutputHelper output) : IClassFixture<TwoAppNodes>
{
    private const int WorkersPerNode = 6;
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(4);

    /// <summary>One write a caller attempted: its idempotency key and body, so it can be retried exactly as sent.</summary>
    private sealed record Attempt(string Kind, string Path, JsonObject Body, string Key, string Mrn, Guid? TaskId);

    [Fact]
    public async Task After_kill_9_of_one_node_under_load_no_acknowledged_write_is_lost_or_duplicated_and_the_journal_verifies()
    {
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(12).AddHours(14), TimeSpan.Zero);
        var clients = new Dictionary<AppNode, (ApiClient Scheduler, ApiClient Nurse)>
        {
            [nodes.A] = (await TwoAppNodes.SignInAsync(nodes.A, "scheduler"), await TwoAppNodes.SignInAsync(nodes.A, "nurse")),
            [nodes.B] = (await TwoAppNodes.SignInAsync(nodes.B, "scheduler"), await TwoAppNodes.SignInAsync(nodes.B, "nurse")),
        };
        var acknowledged = new ConcurrentBag<(Attempt Attempt, JsonNode Answer)>();
        var unanswered = new ConcurrentBag<Attempt>();
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();

        async Task WorkAsync(AppNode node, CancellationToken stop)
        {
            var (scheduler, nurse) = clients[node];
            while (!stop.IsCancellationRequested && !node.HasExited)
            {
                var mrn = NodeCase.NewMrn("LOAD");
                var booking = new Attempt("case", "/api/v1/cases", NodeCase.Body(mrn, start), "book-" + Guid.NewGuid(), mrn, null);
                if (await TryAsync(scheduler, booking) is not { } created) return;
                var patientCase = NodeCase.From(created, mrn, start);
                Guid task;
                try { task = Guid.Parse(await patientCase.OpenTaskIdAsync(nurse, "imaging-review")); }
                catch (HttpRequestException) { return; }
                var submission = new Attempt("submission", $"/api/v1/tasks/{task}/submission", TwoAppNodes.Answers("imaging-review", start),
                    "submit-" + Guid.NewGuid(), mrn, task);
                if (await TryAsync(nurse, submission) is null) return;
            }
        }

        async Task<JsonNode?> TryAsync(ApiClient client, Attempt attempt)
        {
            try
            {
                using var response = await client.PostAsync(attempt.Path, attempt.Body.DeepClone(), ("Idempotency-Key", attempt.Key));
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{attempt.Kind} answered {(int)response.StatusCode}: {text}");
                var answer = JsonNode.Parse(text)!;
                acknowledged.Add((attempt, answer));
                return answer;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                unanswered.Add(attempt); // the node died with the request in flight: the caller cannot know whether it committed
                return null;
            }
        }

        var workers = Enumerable.Range(0, WorkersPerNode).SelectMany(_ => new[] { WorkAsync(nodes.A, stopA.Token), WorkAsync(nodes.B, stopB.Token) }).ToList();
        await Task.Delay(LoadBeforeKill);
        nodes.B.KillHard();
        var atKill = acknowledged.Count;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var unansweredAtKill = unanswered.Count;
        await Task.Delay(LoadAfterKill);
        stopA.Cancel();
        await Task.WhenAll(workers);

        // Callers left without an answer retry on the surviving node with the same key and body.
        var (survivingScheduler, survivingNurse) = clients[nodes.A];
        var retried = unanswered.ToList();
        foreach (var attempt in retried)
            Assert.NotNull(await TryAsync(attempt.Kind == "case" ? survivingScheduler : survivingNurse, attempt));

        await using var db = nodes.Database();
        var bookings = acknowledged.Where(a => a.Attempt.Kind == "case").ToList();
        var submissions = acknowledged.Where(a => a.Attempt.Kind == "submission").ToList();
        var mrns = bookings.Select(b => b.Attempt.Mrn).ToList();
        var stored = (await db.Cases.AsNoTracking().Where(c => c.Mrn.StartsWith("LOAD-")).Select(c => new { c.Id, c.Mrn }).ToListAsync())
            .GroupBy(c => c.Mrn).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToList());
        var instancesPerCase = (await db.Instances.AsNoTracking().Select(i => i.CaseId).ToListAsync()).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var lostCases = bookings.Count(b => !stored.TryGetValue(b.Attempt.Mrn, out var ids)
            || !ids.Contains(Guid.Parse(b.Answer["caseId"]!.GetValue<string>())));
        var duplicatedCases = stored.Count(s => s.Value.Count > 1) + stored.Values.SelectMany(ids => ids).Count(id => instancesPerCase.GetValueOrDefault(id) != 1);
        var unacknowledgedCases = stored.Keys.Except(mrns).Count();

        var instances = bookings.Select(b => Guid.Parse(b.Answer["instanceId"]!.GetValue<string>())).ToList();
        var completions = await TwoNodeTests.CompletionsAsync(db, instances);
        var lostSubmissions = submissions.Count(s => completions.GetValueOrDefault(s.Attempt.TaskId!.Value) == 0);
        var duplicatedSubmissions = completions.Count(c => c.Value > 1);
        var completedTasks = await db.Tasks.AsNoTracking().Where(t => instances.Contains(t.InstanceId) && t.StepId == "imaging-review" && t.Status == WorkTaskStatus.Completed)
            .Select(t => t.Id).ToListAsync();
        var lostTaskStates = submissions.Count(s => !completedTasks.Contains(s.Attempt.TaskId!.Value));

        var journal = await JournalVerifier.VerifyAsync(db, CancellationToken.None);

        output.WriteLine($"load: {WorkersPerNode} workers per node; node B killed (kill -9) after {LoadBeforeKill.TotalSeconds:0} s with {atKill} writes acknowledged, {unansweredAtKill} requests in flight on it");
        output.WriteLine($"acknowledged writes: {acknowledged.Count} ({bookings.Count} case bookings, {submissions.Count} submissions), " +
            $"of which {retried.Count} retried on node A after the kill with their idempotency key");
        output.WriteLine($"lost: {lostCases + lostSubmissions + lostTaskStates} (cases {lostCases}, submissions {lostSubmissions}, task states {lostTaskStates}); " +
            $"duplicated: {duplicatedCases + duplicatedSubmissions} (cases {duplicatedCases}, submissions {duplicatedSubmissions}); " +
            $"stored but never acknowledged: {unacknowledgedCases}");
        output.WriteLine($"journal verify: {(journal.Intact ? "OK" : "BROKEN " + journal.FirstBreak)}, {journal.EntriesChecked} entries checked");

        Assert.True(bookings.Count > 20 && submissions.Count > 10, $"too little load to mean anything: {bookings.Count} bookings, {submissions.Count} submissions");
        Assert.Equal(0, lostCases);
        Assert.Equal(0, lostSubmissions);
        Assert.Equal(0, lostTaskStates);
        Assert.Equal(0, duplicatedCases);
        Assert.Equal(0, duplicatedSubmissions);
        Assert.Equal(0, unacknowledgedCases);
        Assert.True(journal.Intact, $"journal broken: {journal.FirstBreak}");

        // The killed node comes back on the same database: no migration lock, lease or half-written state holds it up.
        await nodes.RestartBAsync();
        using var board = await (await TwoAppNodes.SignInAsync(nodes.B, "nurse")).GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
    }
}
