using ConsentFlow.Engine.Storage;
using System.Diagnostics;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>
/// Runs a scenario on a throwaway SQLite database: publishes its workflow, starts the case on a manual clock, then
/// carries out the steps in order and stops at the first one that does not turn out as written.
/// </summary>
public static class ScenarioRunner
{
    private static readonly Actor Publisher = new("scenario-admin", "administrator");
    private static readonly Actor Scheduler = CaseDriver.ActorFor("scheduler");

    /// <param name="database">Creates the throwaway database each scenario runs on, in the folder it is given.</param>
    public static Task<ScenarioResult> RunAsync(Scenario scenario, Func<string, StorageProvider> database, CancellationToken cancellationToken) =>
        RunAsync(scenario, workflowJson: null, database, cancellationToken);

    /// <param name="workflowJson">The definition text to publish instead of the scenario's workflow file (a studio draft); null reads the file.</param>
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, string? workflowJson, Func<string, StorageProvider> database, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var trace = new List<string>();
        IReadOnlyList<ScenarioProblem> failures;
        await using (var workspace = ScenarioWorkspace.Create(database))
        {
            try
            {
                failures = await RunInAsync(workspace, scenario, workflowJson, trace, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An engine fault is a finding for the workflow's author too; report it where the scenario stopped.
                failures = [new ScenarioProblem(scenario.File, "$", $"engine error: {ex.GetType().Name}: {ex.Message}")];
            }
        }
        return new ScenarioResult(scenario, failures, trace, stopwatch.Elapsed);
    }

    private static async Task<IReadOnlyList<ScenarioProblem>> RunInAsync(
        ScenarioWorkspace workspace, Scenario scenario, string? workflowJson, List<string> trace, CancellationToken cancellationToken)
    {
        ScenarioProblem Fail(string path, string message) => new(scenario.File, path, message);

        var clock = new ScenarioClock(ScenarioTimes.Resolve(scenario.Clock, scenario.Case.ScheduledStart, scenario.Case.ScheduledStart));
        var engine = await ConsentFlowEngine.OpenAsync(workspace.Storage, clock, cancellationToken);
        string definitionId;
        try
        {
            var json = workflowJson ?? await File.ReadAllTextAsync(scenario.WorkflowFile, cancellationToken);
            definitionId = (await engine.Catalog.PublishAsync(json, scenario.WorkflowFile, Publisher, cancellationToken)).DefinitionId;
        }
        catch (InvalidDefinitionException invalid)
        {
            return [Fail("$.workflow", "the workflow is invalid (run `consentflow validate`)"), .. invalid.Problems.Select(p => Fail("$.workflow", p.ToString()))];
        }

        var answers = await AnswerBook.LoadAsync(scenario.AnswersFile, cancellationToken);
        CaseDriver driver;
        try
        {
            driver = await CaseDriver.StartAsync(engine, clock, answers, CaseDriver.Request(definitionId, scenario.Case), Scheduler, cancellationToken);
        }
        catch (FormValidationException invalid)
        {
            return invalid.Errors.Select(e => Fail($"$.case.{e.Field}", e.Message)).ToList();
        }
        trace.Add($"[{driver.Format(clock.Now)}] scheduler starts the case{Changes(await driver.TaskChangesAsync(cancellationToken))}");

        foreach (var step in scenario.Steps)
        {
            if (step.At is { } at)
            {
                var to = ScenarioTimes.Resolve(at, driver.ScheduledStart, clock.Now);
                try
                {
                    var fired = await driver.MoveClockAsync(to, cancellationToken);
                    if (step is ClockStep || fired > 0)
                        trace.Add($"[{driver.Format(clock.Now)}] clock moves; {fired} timer(s) fired{Changes(await driver.TaskChangesAsync(cancellationToken))}");
                }
                catch (InvalidOperationException backwards)
                {
                    return [Fail($"{step.Path}.at", backwards.Message)];
                }
            }

            switch (step)
            {
                case ExpectStep expect:
                    var failures = await ExpectationChecker.CheckAsync(driver, expect.Expect, scenario.File, $"{step.Path}.expect", cancellationToken);
                    trace.Add($"[{driver.Format(clock.Now)}] {step.Path} expect: {(failures.Count == 0 ? "as expected" : $"{failures.Count} mismatch(es)")}");
                    if (failures.Count > 0) return failures;
                    break;
                case ActionStep action:
                    var refusal = await ActAsync(driver, action, cancellationToken);
                    trace.Add($"[{driver.Format(clock.Now)}] {step.Path} {Describe(action)}"
                        + (refusal is null ? Changes(await driver.TaskChangesAsync(cancellationToken)) : $" → refused ({ScenarioErrors.KindOf(refusal)}): {refusal.Message}"));
                    if (CheckRefusal(action, refusal) is { } problem) return [Fail(problem.Path, problem.Message)];
                    break;
            }
        }
        return [];
    }

    /// <summary>Carries out the action; a refusal the engine is designed to give comes back as the exception, anything else propagates.</summary>
    private static async Task<Exception?> ActAsync(CaseDriver driver, ActionStep step, CancellationToken cancellationToken)
    {
        var actor = CaseDriver.ActorFor(step.As);
        try
        {
            switch (step)
            {
                case SubmitStep submit:
                    await driver.SubmitAsync(submit.StepId, actor, submit.Data, submit.Signer, cancellationToken);
                    break;
                case OverrideStep @override:
                    await driver.OverrideAsync(@override.StepId, actor, @override.Reason, cancellationToken);
                    break;
                case ChangeCaseStep change:
                    var start = change.ScheduledStart is { } text ? ScenarioTimes.Resolve(text, driver.ScheduledStart, driver.Clock.Now) : (DateTimeOffset?)null;
                    await driver.ChangeCaseAsync(new CaseChange(change.Level, change.Side, change.Approach, change.Surgeon, change.SedationPlan, start), actor, cancellationToken);
                    break;
                case WithdrawStep withdraw:
                    await driver.WithdrawAsync(actor, withdraw.StaffNote, cancellationToken);
                    break;
                case ReportStep report:
                    await driver.Engine.Runtime.ReportConsentConcernAsync(driver.InstanceId, report.Concern, actor, report.StaffNote, cancellationToken);
                    break;
                case CancelStep cancel:
                    await driver.CancelAsync(actor, cancel.Reason, cancellationToken);
                    break;
            }
            return null;
        }
        catch (Exception ex) when (ScenarioErrors.KindOf(ex) is not null)
        {
            return ex;
        }
    }

    private static (string Path, string Message)? CheckRefusal(ActionStep step, Exception? refusal)
    {
        var kind = refusal is null ? null : ScenarioErrors.KindOf(refusal);
        if (step.ExpectError is null)
            return refusal is null ? null : (step.Path, $"{step.As} was refused ({kind}): {refusal.Message}");
        if (refusal is null) return ($"{step.Path}.expectError", $"expected a '{step.ExpectError}' refusal but it was accepted");
        if (kind != step.ExpectError) return ($"{step.Path}.expectError", $"expected '{step.ExpectError}' but was '{kind}': {refusal.Message}");
        if (step.ErrorMentions is { } fragment && !refusal.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            return ($"{step.Path}.errorMentions", $"the refusal does not mention '{fragment}': {refusal.Message}");
        return null;
    }

    private static string Describe(ActionStep step) => step switch
    {
        SubmitStep submit => $"{step.As} submits {submit.StepId}{(submit.Signer is null ? "" : "/" + submit.Signer)}",
        OverrideStep @override => $"{step.As} overrides {@override.StepId}{(@override.Reason is null ? " without a reason" : "")}",
        ChangeCaseStep => $"{step.As} changes the case",
        WithdrawStep => $"{step.As} withdraws consent",
        ReportStep report => $"{step.As} reports {report.Concern}",
        CancelStep => $"{step.As} cancels the case",
        _ => step.GetType().Name,
    };

    private static string Changes(TaskChanges changes) =>
        (changes.Closed.Count == 0 ? "" : $"; closed: {string.Join(", ", changes.Closed)}")
        + (changes.Opened.Count == 0 ? "" : $"; opened: {string.Join(", ", changes.Opened.Select(t => $"{CaseDriver.Label(t)} ({string.Join("/", t.Roles)})"))}");
}
