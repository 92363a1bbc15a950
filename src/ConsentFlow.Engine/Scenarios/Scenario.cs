using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>
/// One clinic rule written as a test: a case, the submissions in order (who, which task, what data, when) and the
/// outcomes expected along the way. Read from a <c>*.scenario.json</c> file by <see cref="ScenarioLoader"/>.
/// </summary>
/// <param name="WorkflowFile">The definition to publish, already resolved to a file.</param>
/// <param name="AnswersFile">Typical answers the steps start from (see <see cref="AnswerBook"/>).</param>
/// <param name="Clock">Where the scenario clock starts (absolute or relative to the scheduled start); the case is created then.</param>
public sealed record Scenario(
    string File,
    string Name,
    string? Description,
    string WorkflowFile,
    string AnswersFile,
    ScenarioCase Case,
    string Clock,
    IReadOnlyList<ScenarioStep> Steps)
{
    public const string FilePattern = "*.scenario.json";
    public const string DefaultClock = "@start-8d";
}

/// <summary>The synthetic case a scenario starts; every field has a default so a scenario names only what its rule is about.</summary>
public sealed record ScenarioCase(
    DateTimeOffset ScheduledStart,
    string Level = "L4-L5",
    string Side = "left",
    string Approach = "transforaminal",
    string Surgeon = "Dr. M. Okafor",
    string SedationPlan = "moderate",
    string Sex = "M",
    DateOnly? BirthDate = null,
    string TimeZone = "America/Chicago",
    string Language = "en",
    string Procedure = "Percutaneous endoscopic lumbar discectomy",
    string Cpt = "62380")
{
    /// <summary>A Tuesday morning in May, so relative times in scenarios read naturally.</summary>
    public static readonly DateTimeOffset DefaultScheduledStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>Aged over 50 at the default start: one STOP-BANG point, like most PELD patients.</summary>
    public static readonly DateOnly DefaultBirthDate = new(1968, 4, 2);

    public DateOnly EffectiveBirthDate => BirthDate ?? DefaultBirthDate;
}

/// <summary>One line of a scenario. <see cref="Path"/> is where it sits in the file, e.g. <c>$.steps[4]</c>, for failure reports.</summary>
public abstract record ScenarioStep(string Path, string? At, string? Note);

/// <summary>A step that acts as someone and may be expected to be refused.</summary>
public abstract record ActionStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions)
    : ScenarioStep(Path, At, Note);

/// <summary>Submits the open task of <paramref name="StepId"/> with the typical answers plus <paramref name="Data"/>.</summary>
public sealed record SubmitStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions,
    string StepId, string? Signer, JsonObject? Data) : ActionStep(Path, At, Note, As, ExpectError, ErrorMentions);

/// <summary>Submits the override task of a hard-stop step; no reason given means none is submitted.</summary>
public sealed record OverrideStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions,
    string StepId, string? Reason) : ActionStep(Path, At, Note, As, ExpectError, ErrorMentions);

/// <summary>Changes the case's plan; <see cref="ScheduledStart"/> may be relative (<c>@start+1d</c>).</summary>
public sealed record ChangeCaseStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions,
    string? Level, string? Side, string? Approach, string? Surgeon, string? SedationPlan, string? ScheduledStart)
    : ActionStep(Path, At, Note, As, ExpectError, ErrorMentions);

/// <summary>The patient withdraws; no reason is owed (<c>"withdraw": null</c>), staff may add a note.</summary>
public sealed record WithdrawStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions, string? StaffNote)
    : ActionStep(Path, At, Note, As, ExpectError, ErrorMentions);

/// <summary>Staff report a re-consent trigger the definition lists (<c>newImaging</c>, <c>capacityInDoubt</c>, ...).</summary>
public sealed record ReportStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions, string Concern, string? StaffNote)
    : ActionStep(Path, At, Note, As, ExpectError, ErrorMentions);

public sealed record CancelStep(string Path, string? At, string? Note, string As, string? ExpectError, string? ErrorMentions, string Reason)
    : ActionStep(Path, At, Note, As, ExpectError, ErrorMentions);

/// <summary>Only moves the clock (firing whatever falls due).</summary>
public sealed record ClockStep(string Path, string At, string? Note) : ScenarioStep(Path, At, Note);

public sealed record ExpectStep(string Path, string? At, string? Note, ScenarioExpectation Expect) : ScenarioStep(Path, At, Note);

/// <summary>What must be true at this point; only the parts given are checked.</summary>
/// <param name="OpenTasks">Exact set of open tasks: <c>step-id</c>, or <c>step-id/signer</c> for signatures.</param>
/// <param name="OpenTasksFor">Role → tasks that role must see in its inbox.</param>
/// <param name="Consents">Status of every consent of the case, oldest first (Proposed, Active, Inactive, Rejected).</param>
public sealed record ScenarioExpectation(
    string? Readiness = null,
    IReadOnlyList<string>? BlockersInclude = null,
    IReadOnlyList<string>? BlockersExclude = null,
    IReadOnlyList<string>? OpenTasks = null,
    IReadOnlyList<string>? OpenTasksInclude = null,
    IReadOnlyList<string>? OpenTasksExclude = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? OpenTasksFor = null,
    string? InstanceStatus = null,
    IReadOnlyList<string>? Consents = null,
    IReadOnlyList<string>? PhasesInclude = null);
