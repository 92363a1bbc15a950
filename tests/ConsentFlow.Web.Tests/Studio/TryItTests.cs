using ConsentFlow.Engine.Storage;
using ConsentFlow.Web.Studio.Diagram;
using ConsentFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Tests.Studio;

[Collection(AppCollection.Name)]
public sealed class TryItTests(RunningApp app)
{
    [Fact]
    public async Task Trying_a_workflow_runs_a_throwaway_case_on_a_simulated_clock_and_the_clinic_database_gains_no_case()
    {
        var clinic = app.Services.GetRequiredService<IDbContextFactory<ConsentFlowDbContext>>();
        var before = await CountsAsync(clinic);

        var sandbox = await app.Services.GetRequiredService<TryItSandboxes>().StartAsync("peld-consent", "administrator-without-drafts", CancellationToken.None);
        string folder;
        await using (sandbox)
        {
            folder = sandbox.Folder;
            Assert.True(File.Exists(Path.Combine(folder, "try-it.db")));
            var open = await sandbox.OpenTasksAsync(CancellationToken.None);
            Assert.Equal(["consent-discussion", "imaging-review", "sedation-screening"], open.Select(t => t.StepId).Order(StringComparer.Ordinal));

            // The nurse's imaging review with an uneventful patient's answers: the imaging path reaches the join and waits there.
            var imaging = open.Single(t => t.StepId == "imaging-review");
            await sandbox.SubmitAsync(imaging, sandbox.TypicalAnswers(imaging), CancellationToken.None);
            var overlay = await sandbox.OverlayAsync(CancellationToken.None);
            Assert.Equal(StepState.Done, overlay.StateOf("imaging-review"));
            Assert.Equal(StepState.Done, overlay.StateOf("imaging-checks"));
            Assert.Equal(StepState.Waiting, overlay.StateOf("prerequisites-met"));
            Assert.Equal(StepState.Waiting, overlay.StateOf("sedation-screening"));
            Assert.Equal(StepState.NotReached, overlay.StateOf("day-of-verification"));
            Assert.Contains(overlay.Tokens, t => t.StepId == "prerequisites-met" && t.Path == "imaging-review");

            var then = sandbox.Now;
            await sandbox.AdvanceAsync(TimeSpan.FromDays(1), CancellationToken.None);
            Assert.Equal(then.AddDays(1), sandbox.Now);
            Assert.DoesNotContain(await sandbox.OpenTasksAsync(CancellationToken.None), t => t.StepId == "imaging-review");
        }

        Assert.Equal(before, await CountsAsync(clinic));
        Assert.False(Directory.Exists(folder), "the sandbox folder outlived the try-it session");
    }

    [Fact]
    public async Task A_sedation_screening_that_raises_a_hard_stop_shows_the_stop_as_blocked_with_the_token_on_it()
    {
        await using var sandbox = await app.Services.GetRequiredService<TryItSandboxes>().StartAsync("peld-consent", "administrator-without-drafts", CancellationToken.None);
        var screening = (await sandbox.OpenTasksAsync(CancellationToken.None)).Single(t => t.StepId == "sedation-screening");
        var answers = sandbox.TypicalAnswers(screening);
        answers["asaClass"] = "IV";
        await sandbox.SubmitAsync(screening, answers, CancellationToken.None);

        var overlay = await sandbox.OverlayAsync(CancellationToken.None);
        Assert.Equal(StepState.Done, overlay.StateOf("sedation-screening"));
        Assert.Equal(StepState.Blocked, overlay.StateOf("sedation-hard-stops"));
        Assert.Contains(overlay.Tokens, t => t.StepId == "sedation-hard-stops" && t.State == StepState.Blocked);
        Assert.Contains(await sandbox.OpenTasksAsync(CancellationToken.None), t => t.StepId == "sedation-hard-stops" && t.Kind == "Override");
    }

    private static async Task<(int Cases, int Instances, int Tasks, int Patients)> CountsAsync(IDbContextFactory<ConsentFlowDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return (await db.Cases.CountAsync(), await db.Instances.CountAsync(), await db.Tasks.CountAsync(), await db.Patients.CountAsync());
    }
}
