using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>What a due timer does: ends a delay, expires a consent, or marks a task overdue.</summary>
internal static class TimerFiring
{
    public static void Fire(InstanceSession session, ScheduledTimer timer)
    {
        timer.Status = TimerStatus.Fired;
        timer.FiredAtUtc = session.Now;
        switch (timer.Purpose)
        {
            case TimerPurpose.StepDelay:
                var token = session.Tokens.FirstOrDefault(t => t.Id == timer.TokenId && t.Status == TokenStatus.Waiting);
                session.Record("timer.fired", token?.StepId, new { timer = timer.Id, purpose = timer.Purpose.ToString() });
                if (token is not null) session.MoveTo(token, session.Definition.Step(token.StepId).Next!);
                break;
            case TimerPurpose.ConsentExpiry:
                var consent = session.LiveConsents.FirstOrDefault(c => c.Id == timer.ConsentId && c.Status == ConsentStatus.Active);
                if (consent is not null) session.Reconsent(consent, "consent expired");
                break;
            case TimerPurpose.TaskDue:
                session.Record("task.overdue", null, new { task = timer.TaskId });
                break;
        }
    }
}
