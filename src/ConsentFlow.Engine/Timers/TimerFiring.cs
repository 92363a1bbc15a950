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
                if (consent is null) break;
                // A consent that covered the procedure date has done its job; reopening consent after surgery helps no one.
                if (session.Now >= session.Case.ScheduledStartUtc && consent.ExpiresAtUtc >= session.Case.ScheduledStartUtc)
                    session.Deactivate(consent, "consent expired after the procedure date");
                else
                    session.Reconsent(consent, "consent expired");
                break;
            case TimerPurpose.TaskDue:
                session.Record("task.overdue", null, new { task = timer.TaskId });
                break;
        }
    }
}
