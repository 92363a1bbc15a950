using System.Text.Json.Nodes;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Engine.Tests.Support;
using System.Data.Common;
using ConsentFlow.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ConsentFlow.Engine.Tests;

/// <summary>The board reads the per-instance readiness row: every case of the range reachable page by page, upcoming first.</summary>
public sealed class WorklistTests
{
    // Monday 4 May 2026, 08:00 in Chicago (13:00 UTC): the clinic's "today".
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 5, 4);

    private static Worklist WorklistOf(TestEngine test) => new(test.Engine.Contexts, new ClinicSettings("America/Chicago"), test.Clock);

    private static StartCaseRequest Request(int n, DateTimeOffset start, string surgeon = "Dr. M. Okafor", string family = "Avery") =>
        PeldCase.Request(start) with
        {
            Patient = new PatientIdentity($"MRN-{n:D5}", family, "Jordan" + n, new DateOnly(1960, 1, 1).AddDays(n), "F"),
            Surgeon = surgeon,
        };

    private static async Task<Guid> BookAsync(TestEngine test, StartCaseRequest request) =>
        (await test.Runtime.StartAsync(request, TestEngine.Nurse, CancellationToken.None)).InstanceId;

    [Fact]
    public async Task Cases_beyond_the_first_page_booked_in_any_order_are_all_reachable_upcoming_first()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var random = new Random(8);
        var inRange = new List<Guid>();
        // 23 cases over the next 7 days booked in shuffled order, two at the very same minute; 4 outside the range.
        var starts = Enumerable.Range(0, 23).Select(i => Now.AddHours(2 + 7 * i)).Append(Now.AddHours(30)).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < starts.Count; i++) inRange.Add(await BookAsync(test, Request(i, starts[i])));
        for (var i = 0; i < 4; i++) await BookAsync(test, Request(100 + i, Now.AddDays(9 + i)));

        var worklist = WorklistOf(test);
        var seen = new List<WorklistItem>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await worklist.ListAsync(new WorklistQuery(PageSize: 5, Continuation: continuation), CancellationToken.None);
            Assert.Equal(Today, page.From);
            Assert.Equal(Today.AddDays(7), page.To);
            Assert.Equal(inRange.Count, page.Counts.All);
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(page.Items);
            continuation = page.Continuation;
            pages++;
        } while (continuation is not null);

        Assert.Equal(5, pages);
        Assert.Equal(inRange.Order(), seen.Select(i => i.Case.InstanceId).Order());
        Assert.Equal(seen.Select(i => i.Case.ScheduledStartUtc).Order(), seen.Select(i => i.Case.ScheduledStartUtc));
        Assert.Equal(inRange.Count, seen.Select(i => i.Case.InstanceId).Distinct().Count());
    }

    [Fact]
    public async Task Counts_filters_and_search_follow_readiness_surgeon_open_role_and_name()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var okafor = await BookAsync(test, Request(1, Now.AddDays(2), family: "Castellano"));
        var brennan = await BookAsync(test, Request(2, Now.AddDays(3), surgeon: "Dr. L. Brennan", family: "Whitfield"));
        var blocked = await BookAsync(test, Request(3, Now.AddDays(4), family: "Castillo"));
        var worklist = WorklistOf(test);

        // The third case's screening says ASA class IV: a hard stop, so it lists as blocked with reviewers' tasks.
        var tasks = await test.Runtime.ListTasksAsync(new TaskQuery(InstanceId: blocked), CancellationToken.None);
        var answers = TypicalAnswers("sedation-screening", Now.AddDays(4), new JsonObject { ["asaClass"] = "IV" });
        await test.Runtime.SubmitAsync(new TaskSubmission(tasks.Single(t => t.StepId == "sedation-screening").Id, TestEngine.Nurse, answers), CancellationToken.None);

        var all = await worklist.ListAsync(new WorklistQuery(), CancellationToken.None);
        Assert.Equal(new WorklistCounts(3, 0, 2, 1), all.Counts);
        Assert.Equal([okafor, brennan, blocked], all.Items.Select(i => i.Case.InstanceId));
        var blockedItem = all.Items[2];
        Assert.Equal(ReadinessState.Blocked, blockedItem.Case.Readiness.State);
        Assert.Contains(blockedItem.Case.Readiness.Blockers, b => b.Severity == BlockerSeverity.Blocked);
        Assert.Contains(blockedItem.OpenTasks, t => t.Kind == "Override" && t.Roles.Contains("anesthesiologist"));

        Assert.Equal([blocked], Ids(await worklist.ListAsync(new WorklistQuery(State: ReadinessState.Blocked), CancellationToken.None)));
        // Counts cover every state of the range whatever state is picked, so the chips keep their numbers.
        Assert.Equal(3, (await worklist.ListAsync(new WorklistQuery(State: ReadinessState.Blocked), CancellationToken.None)).Counts.All);
        Assert.Equal([brennan], Ids(await worklist.ListAsync(new WorklistQuery(Surgeon: "Dr. L. Brennan"), CancellationToken.None)));
        Assert.Equal([blocked], Ids(await worklist.ListAsync(new WorklistQuery(Role: "anesthesiologist"), CancellationToken.None)));
        Assert.Equal([okafor, brennan, blocked], Ids(await worklist.ListAsync(new WorklistQuery(Role: "nurse"), CancellationToken.None)));
        Assert.Equal([okafor, blocked], Ids(await worklist.ListAsync(new WorklistQuery(Search: "CAST"), CancellationToken.None)));
        Assert.Equal([brennan], Ids(await worklist.ListAsync(new WorklistQuery(Search: "MRN-00002"), CancellationToken.None)));
        Assert.Empty(Ids(await worklist.ListAsync(new WorklistQuery(From: Today.AddDays(5)), CancellationToken.None)));

        // In Spanish, the same rows read in Spanish.
        var spanish = await worklist.ListAsync(new WorklistQuery(Language: "es"), CancellationToken.None);
        Assert.Contains("pendiente de", spanish.Items[0].Case.Readiness.Blockers[0].Message);
    }

    [Fact]
    public async Task A_consent_expiring_by_its_timer_changes_the_listed_state()
    {
        // Signed 40 days ahead of the procedure: the 30-day consent expires first, so the case lists as blocked.
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(40));
        await patientCase.SignConsentAsync();
        var worklist = WorklistOf(test);
        var range = new WorklistQuery(From: Today, To: Today.AddDays(60));
        var before = Assert.Single((await worklist.ListAsync(range, CancellationToken.None)).Items);
        Assert.Equal(ReadinessState.Blocked, before.Case.Readiness.State);
        Assert.Contains(before.Case.Readiness.Blockers, b => b.Message.Contains("re-consent is needed"));

        // When the expiry timer fires, consent starts again: the row says so without anyone loading the case.
        await patientCase.AdvanceToAsync(Now.AddDays(31));
        var after = Assert.Single((await worklist.ListAsync(range, CancellationToken.None)).Items);
        Assert.Equal(ReadinessState.Waiting, after.Case.Readiness.State);
        Assert.DoesNotContain(after.Case.Readiness.Blockers, b => b.Message.Contains("re-consent is needed"));
        Assert.Contains(after.OpenTasks, t => t.StepId == "consent-discussion");
        Assert.Equal((await patientCase.ReadinessAsync()).State, after.Case.Readiness.State);
    }

    [Fact]
    public async Task A_bad_continuation_or_range_is_a_400_naming_the_field()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var worklist = WorklistOf(test);
        var token = await Assert.ThrowsAsync<Engine.Forms.FormValidationException>(() =>
            worklist.ListAsync(new WorklistQuery(Continuation: "not-a-token"), CancellationToken.None));
        Assert.Contains(token.Errors, e => e.Field == "continuation");
        var range = await Assert.ThrowsAsync<Engine.Forms.FormValidationException>(() =>
            worklist.ListAsync(new WorklistQuery(From: Today, To: Today.AddDays(-1), PageSize: 0), CancellationToken.None));
        Assert.Equal(["pageSize", "to"], range.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public async Task Every_unit_of_work_leaves_the_row_equal_to_readiness_computed_from_the_instance()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(10));
        await patientCase.CompletePrerequisitesAsync();
        await using var db = await test.Engine.Contexts.CreateDbContextAsync();
        var row = await db.CaseReadiness.SingleAsync(r => r.InstanceId == patientCase.InstanceId);
        var instance = await db.Instances.SingleAsync(i => i.Id == patientCase.InstanceId);
        var live = await patientCase.ReadinessAsync();
        Assert.Equal(live.State.ToString(), row.State);
        Assert.Equal(instance.Version, row.InstanceVersion);
        Assert.Equal(live.Blockers.Count, row.BlockerCount);
    }

    [Fact]
    public async Task Instances_from_before_the_board_row_existed_get_one_at_start_up()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(3));
        await using (var db = await test.Engine.Contexts.CreateDbContextAsync())
            await db.CaseReadiness.ExecuteDeleteAsync();

        var reopened = await ConsentFlowEngine.OpenAsync(test.Storage, test.Clock, CancellationToken.None);
        var item = Assert.Single((await new Worklist(reopened.Contexts, new ClinicSettings("America/Chicago"), test.Clock)
            .ListAsync(new WorklistQuery(), CancellationToken.None)).Items);
        Assert.Equal(patientCase.InstanceId, item.Case.InstanceId);
        // And the next unit of work updates that row in place.
        await patientCase.SubmitAsync("imaging-review", TestEngine.Nurse);
        await using var check = await reopened.Contexts.CreateDbContextAsync();
        Assert.DoesNotContain("imaging-review", (await check.CaseReadiness.SingleAsync()).OpenTasksJson);
    }

    [Fact]
    public async Task The_board_keeps_each_waiting_lines_due_time_and_still_reads_rows_written_before_it_did()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var patientCase = await PeldCase.StartAsync(test, Now.AddDays(10));
        var worklist = WorklistOf(test);
        var live = (await patientCase.ReadinessAsync()).Blockers.Single(b => b.StepId == "sedation-screening");
        var listed = Assert.Single((await worklist.ListAsync(new WorklistQuery(To: Today.AddDays(14)), CancellationToken.None)).Items);
        Assert.Equal(live, listed.Case.Readiness.Blockers.Single(b => b.StepId == "sedation-screening"));

        // A row as it was stored before blockers had a due time: same sentences, no dueAtUtc or overdue in the JSON.
        await using (var db = await test.Engine.Contexts.CreateDbContextAsync())
        {
            var row = await db.CaseReadiness.SingleAsync();
            row.BlockersJson = WithoutDueTimes(row.BlockersJson);
            row.PhasesJson = WithoutDueTimes(row.PhasesJson);
            Assert.DoesNotContain("dueAtUtc", row.BlockersJson);
            await db.SaveChangesAsync();
        }

        var old = Assert.Single((await worklist.ListAsync(new WorklistQuery(To: Today.AddDays(14)), CancellationToken.None)).Items);
        var screening = old.Case.Readiness.Blockers.Single(b => b.StepId == "sedation-screening");
        Assert.Null(screening.DueAtUtc);
        Assert.False(screening.Overdue);
        Assert.Equal(live.Message, screening.Message);
    }

    private static string WithoutDueTimes(string json)
    {
        var byLanguage = JsonNode.Parse(json)!.AsObject();
        foreach (var (_, lines) in byLanguage)
            foreach (var line in lines!.AsArray())
            {
                line!.AsObject().Remove("dueAtUtc");
                line.AsObject().Remove("overdue");
            }
        return byLanguage.ToJsonString();
    }

    [Fact]
    public async Task A_family_name_prefix_search_reaches_cases_beyond_the_first_page_in_date_order()
    {
        await using var test = await TestEngine.StartAsync(Now);
        var random = new Random(12);
        // Twelve Whit… patients this week, booked in shuffled order, among others; two more Whit… outside the week.
        var whit = new List<Guid>();
        var starts = Enumerable.Range(0, 12).Select(i => Now.AddHours(3 + 13 * i)).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            whit.Add(await BookAsync(test, Request(i, starts[i], family: i % 2 == 0 ? "Whitfield" : "Whitaker")));
            await BookAsync(test, Request(50 + i, starts[i].AddMinutes(30), family: "Avery"));
        }
        await BookAsync(test, Request(90, Now.AddDays(10), family: "Whitfield"));
        await BookAsync(test, Request(91, Now.AddDays(20), family: "Whitaker"));

        var worklist = WorklistOf(test);
        var seen = new List<WorklistItem>();
        string? continuation = null;
        do
        {
            var page = await worklist.ListAsync(new WorklistQuery(Search: "whit", PageSize: 5, Continuation: continuation), CancellationToken.None);
            Assert.Equal(whit.Count, page.Counts.All);
            seen.AddRange(page.Items);
            continuation = page.Continuation;
        } while (continuation is not null);

        Assert.Equal(whit.Order(), seen.Select(i => i.Case.InstanceId).Order());
        Assert.Equal(seen.Select(i => i.Case.ScheduledStartUtc).Order(), seen.Select(i => i.Case.ScheduledStartUtc));
        Assert.All(seen, i => Assert.StartsWith("Whit", i.Case.Patient.FamilyName));
        Assert.Equal([whit[0]], Ids(await worklist.ListAsync(new WorklistQuery(Search: "MRN-00000"), CancellationToken.None)));
    }

    [Fact]
    public async Task On_SQLite_a_name_or_MRN_search_seeks_the_search_indexes_and_never_walks_the_date_range()
    {
        await using var test = await TestEngine.StartAsync(Now);
        for (var i = 0; i < 8; i++) await BookAsync(test, Request(i, Now.AddHours(5 + 9 * i), family: i % 2 == 0 ? "Whitfield" : "Avery"));
        var recorder = new CommandRecorder();
        var options = new DbContextOptionsBuilder<ConsentFlowDbContext>();
        DatabaseSetup.Configure(options, test.Storage);
        options.AddInterceptors(recorder);
        var worklist = new Worklist(new PooledDbContextFactory<ConsentFlowDbContext>(options.Options), new ClinicSettings("America/Chicago"), test.Clock);

        var first = await worklist.ListAsync(new WorklistQuery(Search: "whit", PageSize: 2), CancellationToken.None);
        await worklist.ListAsync(new WorklistQuery(Search: "whit", PageSize: 2, Continuation: first.Continuation, State: ReadinessState.Waiting,
            Surgeon: "Dr. M. Okafor"), CancellationToken.None);

        Assert.True(4 == recorder.Commands.Count, string.Join("\n----\n", recorder.Commands.Select(c => c.Sql))); // counts and page, twice: one query each, no list of ids in between
        await using var connection = new SqliteConnection(((SqliteStorage)test.Storage).ConnectionString);
        await connection.OpenAsync();
        foreach (var (sql, parameters) in recorder.Commands)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
            var text = string.Join("\n", plan);
            Assert.Contains("MULTI-INDEX OR", text);
            Assert.Contains("USING INDEX IX_CaseReadiness_Mrn_SortKey (Mrn=?)", text);
            Assert.Contains("USING INDEX IX_CaseReadiness_FamilyNameKey_SortKey (FamilyNameKey>? AND FamilyNameKey<?)", text);
            Assert.Contains("USING INDEX IX_CaseReadiness_GivenNameKey_SortKey (GivenNameKey>? AND GivenNameKey<?)", text);
            Assert.DoesNotContain("SCAN", text);
            Assert.DoesNotContain("IX_CaseReadiness_SortKey_State_Surgeon_OpenRoles", text);
            Assert.DoesNotContain("IX_CaseReadiness_Surgeon_SortKey", text);
        }
    }

    /// <summary>The board's SQL as sent, with its parameters, so a test can ask SQLite how it would run it.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"CaseReadiness\"", StringComparison.Ordinal))
                lock (Commands) Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList()));
            return ValueTask.FromResult(result);
        }
    }

    private static JsonObject TypicalAnswers(string stepId, DateTimeOffset start, JsonObject overrides) =>
        ConsentFlow.Engine.Scenarios.AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, ConsentFlow.Engine.Scenarios.AnswerBook.TypicalAnswersFile), CancellationToken.None)
            .GetAwaiter().GetResult().For(stepId, null, overrides, start, Now);

    private static List<Guid> Ids(WorklistPage page) => page.Items.Select(i => i.Case.InstanceId).ToList();
}
