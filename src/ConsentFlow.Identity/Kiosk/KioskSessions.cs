using System.Text.Json;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Kiosk;

/// <summary>Starts, reads and ends kiosk sessions; ending one needs its exit PIN or a staff member's password.</summary>
public sealed class KioskSessions(IDbContextFactory<IdentityStoreContext> contexts, SecurityAudit audit, TimeProvider clock)
{
    public const int MinimumPinLength = 4;
    public const int MaximumPinLength = 8;

    /// <summary>A four-digit PIN must not be guessable over a long session: after this many misses only a staff password works.</summary>
    public const int PinAttemptsAllowed = 5;
    private static readonly PasswordHasher<KioskSession> PinHasher = new();

    public async Task<KioskView> StartAsync(KioskStart start, string staffUserId, CancellationToken cancellationToken)
    {
        if (!start.IdentifiersChecked) throw new AccountException("identifiersChecked", "confirm that two identifiers were checked with the patient");
        if (!start.PhotoIdChecked) throw new AccountException("photoIdChecked", "confirm that the signer's photo ID was checked");
        if (start.ExitPin.Length is < MinimumPinLength or > MaximumPinLength || !start.ExitPin.All(char.IsAsciiDigit))
            throw new AccountException("exitPin", $"must be {MinimumPinLength} to {MaximumPinLength} digits");
        if (start.Interpreter is { } interpreter) CheckInterpreter(interpreter);
        if (start.Premedication is null)
            throw new AccountException("premedicationCharted", "say whether the medication record shows a sedative or opioid given before signing");
        if (start.Premedication is { Charted: true, GivenAtUtc: null })
            throw new AccountException("premedicationGivenAt", "give the time the sedative or opioid was charted as given");

        var session = new KioskSession
        {
            Id = Guid.CreateVersion7(), InstanceId = start.InstanceId, StartedByUserId = staffUserId, StartedAtUtc = clock.GetUtcNow().UtcDateTime,
            IdentifiersChecked = true, PhotoIdChecked = true,
            InterpreterJson = start.Interpreter is null ? null : JsonSerializer.Serialize(start.Interpreter),
            PremedicationCharted = start.Premedication.Charted,
            PremedicationGivenAtUtc = start.Premedication.Charted ? start.Premedication.GivenAtUtc : null,
        };
        session.ExitPinHash = PinHasher.HashPassword(session, start.ExitPin);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.KioskSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.KioskStarted, staffUserId, Subject: $"instance/{start.InstanceId}", Channel: "cookie"), CancellationToken.None);
        return View(session);
    }

    /// <summary>The session if it is still running; an ended session no longer authorizes anything.</summary>
    public async Task<KioskView?> FindActiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.KioskSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.EndedAtUtc == null, cancellationToken);
        return session is null ? null : View(session);
    }

    public async Task<bool> CheckPinAsync(Guid sessionId, string pin, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.KioskSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.EndedAtUtc == null, cancellationToken);
        if (session is null) return false;
        var matches = session.FailedPinAttempts < PinAttemptsAllowed && pin.Length <= MaximumPinLength
            && PinHasher.VerifyHashedPassword(session, session.ExitPinHash, pin) != PasswordVerificationResult.Failed;
        session.FailedPinAttempts = matches ? 0 : session.FailedPinAttempts + 1;
        await db.SaveChangesAsync(CancellationToken.None);
        if (!matches)
            await audit.WriteAsync(new SecurityEvent(SecurityEventKind.KioskExitFailed, $"kiosk:{sessionId}", Channel: "kiosk"), CancellationToken.None);
        return matches;
    }

    /// <summary>The tablet went to its lock screen (idle, or the patient finished): the consent stays closed until staff unlock it.</summary>
    public Task LockAsync(Guid sessionId, CancellationToken cancellationToken) => SetLockAsync(sessionId, locked: true, cancellationToken);

    public Task UnlockAsync(Guid sessionId, CancellationToken cancellationToken) => SetLockAsync(sessionId, locked: false, cancellationToken);

    private async Task SetLockAsync(Guid sessionId, bool locked, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.KioskSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.EndedAtUtc == null, cancellationToken);
        if (session is null) return;
        session.LockedAtUtc = locked ? session.LockedAtUtc ?? clock.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task EndAsync(Guid sessionId, string endedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.KioskSessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.EndedAtUtc is not null) return;
        session.EndedAtUtc = clock.GetUtcNow().UtcDateTime;
        session.EndedBy = endedBy;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.KioskEnded, endedBy, Subject: $"instance/{session.InstanceId}", Channel: "kiosk"), CancellationToken.None);
    }

    private static void CheckInterpreter(ExternalInterpreter interpreter)
    {
        foreach (var (field, value) in new[] { ("interpreter.name", interpreter.Name), ("interpreter.idNumber", interpreter.IdNumber),
                     ("interpreter.agency", interpreter.Agency), ("interpreter.mode", interpreter.Mode), ("interpreter.language", interpreter.Language) })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new AccountException(field, "is required for an external interpreter");
            if (value.Length > 200) throw new AccountException(field, "must be at most 200 characters");
        }
    }

    private static KioskView View(KioskSession session) => new(session.Id, session.InstanceId, session.StartedByUserId, session.StartedAtUtc,
        session.InterpreterJson is null ? null : JsonSerializer.Deserialize<ExternalInterpreter>(session.InterpreterJson),
        new ChartedPremedication(session.PremedicationCharted, session.PremedicationGivenAtUtc), session.LockedAtUtc is not null);
}
