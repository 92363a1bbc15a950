using System.Globalization;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>Says whether a case is ready for the procedure and, if not, every reason in words a nurse understands.</summary>
internal static class ReadinessCalculator
{
    public static Readiness Calculate(InstanceSession session, string language)
    {
        var instance = session.Instance;
        switch (instance.Status)
        {
            case InstanceStatus.Withdrawn:
                return Closed(instance, language == "es" ? "El paciente retiró el consentimiento; el flujo terminó." : "The patient withdrew consent; the workflow has ended.");
            case InstanceStatus.Cancelled:
                return Closed(instance, language == "es" ? "El caso fue cancelado." : "The case was cancelled.");
            case InstanceStatus.Completed:
                return new Readiness(instance.Id, ReadinessState.Done, instance.Status.ToString(), []);
        }

        var blockers = new List<Blocker>();
        foreach (var stop in session.ActiveStops.Where(s => s.Status == HardStopStatus.Active))
            blockers.Add(new Blocker(BlockerSeverity.Blocked, stop.StepId, InstanceSession.InLanguage(stop.MessageJson, language)));

        foreach (var consent in session.LiveConsents.Where(c => c.Status == ConsentStatus.Active && c.ExpiresAtUtc < session.Case.ScheduledStartUtc))
            blockers.Add(new Blocker(BlockerSeverity.Blocked, consent.StepId, ConsentExpiresFirst(consent, session, language)));

        foreach (var timer in session.PendingTimers.Where(t => t.Status == TimerStatus.Pending && t.Purpose == TimerPurpose.StepDelay))
            blockers.Add(new Blocker(BlockerSeverity.Waiting, StepOf(session, timer.TokenId),
                timer.MessageJson is null ? $"Waiting until {MessageTemplate.Format(timer.DueAtUtc, session.Zone)}" : InstanceSession.InLanguage(timer.MessageJson, language)));

        // Once ready, the open forms are the procedure day's phases (WHO checklists, close-out): shown, not blocking.
        var phaseTasks = instance.Status == InstanceStatus.Ready
            ? session.OpenTasks.Where(t => t.Status == WorkTaskStatus.Open && t.Kind == TaskKind.Form).ToList()
            : [];

        foreach (var task in session.OpenTasks.Where(t => t.Status == WorkTaskStatus.Open && t.Kind != TaskKind.Override).Except(phaseTasks).OrderBy(t => t.CreatedAtUtc))
            blockers.Add(session.Definition.FindStep(task.StepId)?.LateMessage is { } late && task.DueAtUtc < session.Now
                ? new Blocker(BlockerSeverity.Blocked, task.StepId, InstanceSession.InLanguage(session.Localized(late, session.RuleContext()), language))
                : new Blocker(BlockerSeverity.Waiting, task.StepId, TaskViews.Describe(task, session.Definition, language, session.Now, session.Zone),
                    task.DueAtUtc, TaskViews.IsOverdue(task, session.Now)));

        var state = blockers.Any(b => b.Severity == BlockerSeverity.Blocked) ? ReadinessState.Blocked
            : instance.Status == InstanceStatus.Ready && blockers.Count == 0 ? ReadinessState.Done
            : ReadinessState.Waiting;
        return new Readiness(instance.Id, state, instance.Status.ToString(), blockers,
            phaseTasks.Select(task => ProcedureDayPhases.Describe(session, task, language)).ToList());
    }

    private static Readiness Closed(WorkflowInstance instance, string message) =>
        new(instance.Id, ReadinessState.Blocked, instance.Status.ToString(), [new Blocker(BlockerSeverity.Blocked, "", message)]);

    private static string ConsentExpiresFirst(ConsentRecord consent, InstanceSession session, string language)
    {
        string Day(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, session.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return language == "es"
            ? $"El consentimiento firmado el {Day(consent.SignedAtUtc!.Value)} es válido hasta el {Day(consent.ExpiresAtUtc!.Value.AddTicks(-1))}, antes del procedimiento del {Day(session.Case.ScheduledStartUtc)}; hay que volver a firmarlo."
            : $"Consent signed {Day(consent.SignedAtUtc!.Value)} is valid through {Day(consent.ExpiresAtUtc!.Value.AddTicks(-1))}, before the procedure on {Day(session.Case.ScheduledStartUtc)}; re-consent is needed.";
    }

    private static string StepOf(InstanceSession session, Guid? tokenId) =>
        session.Tokens.FirstOrDefault(t => t.Id == tokenId)?.StepId ?? "";
}
