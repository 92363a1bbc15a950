using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>The consent's life: proposed while signers sign in order, active once complete, inactive on expiry,
/// material change or withdrawal, after which the workflow goes back to the re-consent step.</summary>
internal sealed partial class InstanceSession
{
    /// <summary>Opens the first signer's task; true when no signer is needed (the step then passes).</summary>
    private bool StartSignature(ExecutionToken token, StepDefinition step)
    {
        var consent = new ConsentRecord
        {
            Id = Ids.New(), InstanceId = Instance.Id, StepId = step.Id, Path = token.Path, Status = ConsentStatus.Proposed,
            SnapshotJson = JsonSerializer.Serialize(CaseSnapshot()), CreatedAtUtc = Now,
        };
        LiveConsents.Add(consent);
        Add(consent);
        Record("consent.proposed", step.Id, new { consent = consent.Id });
        return OpenNextSigner(token, step, consent);
    }

    private bool OpenNextSigner(ExecutionToken token, StepDefinition step, ConsentRecord consent)
    {
        var signed = Signatures(consent).Select(s => s!["signerRole"]!.GetValue<string>()).ToHashSet();
        var context = RuleContext();
        var signer = step.Signers.FirstOrDefault(s => !signed.Contains(s.Role) && (s.When is null || Rule.Parse(s.When).Holds(context)));
        if (signer is not null)
        {
            OpenTask(token, step, TaskKind.Signature, [signer.Role], step.Form, signer.Meaning, signer.Role, consent.Id);
            return false;
        }
        Activate(consent, step);
        return true;
    }

    public void CompleteSignature(WorkTask task, JsonObject answers, ShownTemplate? shown = null)
    {
        var step = Definition.Step(task.StepId);
        var consent = LiveConsents.First(c => c.Id == task.ConsentId);
        var signer = SignerFor(step, task.SignerRole!);
        var signatures = Signatures(consent);
        signatures.Add(new JsonObject
        {
            ["signerRole"] = signer.Role,
            ["actor"] = Actor.Id,
            ["actorRole"] = Actor.Role,
            ["meaning"] = signer.Meaning.In("en"),
            ["signedAtUtc"] = Now.ToString("O"),
            ["answers"] = answers.DeepClone(),
            ["attestation"] = Actor.Attestation is { } attestation ? JsonSerializer.SerializeToNode(attestation) : null,
        });
        // Later signers countersign the text the first signer was shown, so only the first signature pins a version.
        var pinned = signatures.Count == 1 ? shown : null;
        if (pinned is not null) ((JsonObject)signatures[0]!)[ShownTemplate.Key] = pinned.ToJson();
        consent.SignaturesJson = signatures.ToJsonString();
        if (signer.Role == step.Signers[0].Role)
        {
            Data[step.Form!] = answers.DeepClone();
            RecordSubmission(step.Form!);
            AnswersChanged(step.Form!);
        }
        // The pinned version goes into the hash-chained journal too, so the text a consent was signed on is tamper-evident.
        Record("consent.signed", step.Id, pinned is null
            ? (object)new { consent = consent.Id, signerRole = signer.Role, meaning = signer.Meaning.In("en") }
            : new { consent = consent.Id, signerRole = signer.Role, meaning = signer.Meaning.In("en"), shownTemplate = new { templateId = pinned.TemplateId, version = pinned.Version } });

        var token = Tokens.First(t => t.Id == task.TokenId);
        if (OpenNextSigner(token, step, consent)) MoveTo(token, step.Next!);
    }

    private void Activate(ConsentRecord consent, StepDefinition step)
    {
        var first = Signatures(consent).FirstOrDefault();
        consent.Status = ConsentStatus.Active;
        consent.SignedAtUtc = first is null ? Now : DateTime.Parse(first["signedAtUtc"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind);
        _signedNow.Add(consent);
        if (step.ValidForDays is { } days)
        {
            consent.ExpiresAtUtc = EndOfClinicDay(consent.SignedAtUtc.Value, days);
            var timer = new ScheduledTimer
            {
                Id = Ids.New(), InstanceId = Instance.Id, Purpose = TimerPurpose.ConsentExpiry, ConsentId = consent.Id,
                DueAtUtc = consent.ExpiresAtUtc.Value, Status = TimerStatus.Pending,
            };
            PendingTimers.Add(timer);
            Add(timer);
        }
        Record("consent.active", step.Id, new { consent = consent.Id, expiresAtUtc = consent.ExpiresAtUtc });
    }

    /// <summary>
    /// The end of the <paramref name="days"/>th calendar day after signing, in the clinic's time zone: a consent valid
    /// for 30 days and signed on 12 April holds for a procedure on 12 May at any hour of either day, and not on 13 May.
    /// </summary>
    private DateTime EndOfClinicDay(DateTime signedAtUtc, int days)
    {
        var signedOn = DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(signedAtUtc, Zone).Date, DateTimeKind.Unspecified);
        var nextMidnight = signedOn.AddDays(days + 1);
        // A zone that skips midnight for daylight saving starts the day at the first hour it has.
        while (Zone.IsInvalidTime(nextMidnight)) nextMidnight = nextMidnight.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(nextMidnight, Zone);
    }

    public void Deactivate(ConsentRecord consent, string reason)
    {
        consent.Status = ConsentStatus.Inactive;
        consent.InactiveReason = reason;
        consent.InactiveAtUtc = Now;
        CancelTimers(t => t.ConsentId == consent.Id);
        Record("consent.inactive", consent.StepId, new { consent = consent.Id, reason });
    }

    /// <summary>Makes the consent inactive and sends its path back to the re-consent step.</summary>
    public void Reconsent(ConsentRecord consent, string reason)
    {
        Deactivate(consent, reason);
        var step = Definition.Step(consent.StepId);
        Record("consent.reconsent", step.Id, new { consent = consent.Id, reason, restartAt = step.Reconsent ?? step.Id });
        Rewind(consent.Path, step.Reconsent ?? step.Id);
    }

    /// <summary>
    /// Sends a parallel path back to <paramref name="stepId"/>. If the paths had already joined, the steps after the
    /// join are cancelled and the join waits for this path again; a ready case is no longer ready.
    /// </summary>
    private void Rewind(string? path, string stepId)
    {
        var joinFired = path is not null && Tokens.Any(t => t.Path == path && t.Status == TokenStatus.Joined);
        // Outside a parallel section only the steps after the join are redone: finished paths stay joined.
        var redo = path is null
            ? Tokens.Where(t => t.Path is null && t.Status is TokenStatus.Active or TokenStatus.Waiting)
            : Tokens.Where(t => t.Status is TokenStatus.Active or TokenStatus.Waiting or TokenStatus.Joined && (t.Path == path || (joinFired && t.Path is null)));
        foreach (var token in redo.ToList())
            CancelToken(token);
        if (joinFired)
            foreach (var sibling in Tokens.Where(t => t.Status == TokenStatus.Joined && t.Path != path)) sibling.Status = TokenStatus.Waiting;
        if (Instance.Status == InstanceStatus.Ready) Instance.Status = InstanceStatus.Running;
        MoveTo(NewToken(path), stepId);
    }

    /// <summary>
    /// A hard stop or delay that already let the case through is checked again when a case fact it reads changes
    /// (domain §4: case level and side must still match the imaging; §8: recompute fasting and holds for a new start).
    /// </summary>
    private void RecheckPassedGates(IReadOnlyCollection<string> changedFields)
    {
        bool ReadsChangedFact(string rule) => ReadsCaseFact(rule, changedFields);

        foreach (var step in Definition.Steps.Where(s => s.Kind is StepKind.HardStop or StepKind.Timer))
        {
            var rules = step.Kind == StepKind.HardStop ? step.Rules.Select(r => r.When) : new[] { step.When, step.Until }.OfType<string>();
            if (!rules.Any(ReadsChangedFact) || !HasPassed(step)) continue;
            var context = RuleContext();
            var holdsNow = step.Kind == StepKind.HardStop
                ? StopFindings(step).Count > 0
                : (step.When is null || Rule.Parse(step.When).Holds(context)) && Rule.Parse(step.Until!).Evaluate(context) is DateTime until && until > Now;
            if (!holdsNow) continue;
            Record("gate.recheck", step.Id, new { changed = changedFields });
            Rewind(PathOf(step.Id), step.Id);
        }
    }

    /// <summary>
    /// A delay still running is worked out again when a case fact it reads changes (domain §8: recompute fasting when the
    /// start moves): a start moved past the end of the fast lifts the delay at once, and one still short of it waits again
    /// with a sentence for the new start.
    /// </summary>
    private void RecheckRunningDelays(IReadOnlyCollection<string> changedFields)
    {
        foreach (var step in Definition.Steps.Where(s => s.Kind == StepKind.Timer))
        {
            if (!new[] { step.When, step.Until }.OfType<string>().Any(rule => ReadsCaseFact(rule, changedFields))) continue;
            foreach (var token in Tokens.Where(t => t.StepId == step.Id && t.Status == TokenStatus.Waiting).ToList())
            {
                CancelTimers(t => t.TokenId == token.Id && t.Purpose == TimerPurpose.StepDelay);
                Record("timer.recheck", step.Id, new { changed = changedFields });
                MoveTo(token, step.Id);
            }
        }
    }

    /// <summary>True when no live token is at or before the step on its path, i.e. the step has already let the case through.</summary>
    private bool HasPassed(StepDefinition step)
    {
        var path = PathOf(step.Id);
        var before = StepsBefore(step.Id);
        var onPath = Tokens.Where(t => t.Path == path && t.Status is TokenStatus.Active or TokenStatus.Waiting or TokenStatus.Joined).ToList();
        return onPath.Count > 0 && onPath.All(t => t.Status == TokenStatus.Joined || !before.Contains(t.StepId) && t.StepId != step.Id)
            || (path is null && Instance.Status == InstanceStatus.Ready);
    }

    /// <summary>The parallel path (its first step) a step belongs to, or null outside a parallel section.</summary>
    private string? PathOf(string stepId) =>
        Definition.Steps.Where(s => s.Kind == StepKind.Parallel).SelectMany(s => s.Paths)
            .FirstOrDefault(path => Reachable(path, stopAtJoins: true).Contains(stepId));

    private HashSet<string> StepsBefore(string stepId)
    {
        var path = PathOf(stepId);
        var start = path ?? Definition.Start;
        return Reachable(start, stopAtJoins: path is not null).Where(id => id != stepId && Reachable(id, stopAtJoins: true).Contains(stepId)).ToHashSet();
    }

    private HashSet<string> Reachable(string from, bool stopAtJoins)
    {
        var seen = new HashSet<string> { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var id))
        {
            var step = Definition.Step(id);
            if (stopAtJoins && step.Kind == StepKind.Join) continue;
            foreach (var next in new[] { step.Next, step.Otherwise }.Concat(step.Branches.Select(b => b.Next)).Concat(step.Paths))
                if (next is not null && seen.Add(next)) queue.Enqueue(next);
        }
        return seen;
    }

    /// <summary>Applies a change of plan; a change to a field the consent depends on makes that consent inactive.</summary>
    public void ChangeCase(CaseChange change)
    {
        var changed = new Dictionary<string, object>();
        void Apply(string field, string? value, Func<string> current, Action<string> set)
        {
            if (value is null || value == current()) return;
            changed[field] = new { from = current(), to = value };
            set(value);
        }
        Apply(CaseFields.Level, change.Level, () => Case.Level, v => Case.Level = v);
        Apply(CaseFields.Side, change.Side, () => Case.Side, v => Case.Side = v);
        Apply(CaseFields.Approach, change.Approach, () => Case.Approach, v => Case.Approach = v);
        Apply(CaseFields.Surgeon, change.Surgeon, () => Case.Surgeon, v => Case.Surgeon = v);
        Apply(CaseFields.SedationPlan, change.SedationPlan, () => Case.SedationPlan, v => Case.SedationPlan = v);
        if (change.ScheduledStart is { } start && start.UtcDateTime != Case.ScheduledStartUtc)
        {
            changed[CaseFields.ScheduledStart] = new { from = Case.ScheduledStartUtc, to = start.UtcDateTime };
            Case.ScheduledStartUtc = start.UtcDateTime;
            if (change.BackEntry) Record("case.backEntry", null, new { scheduledStartUtc = Case.ScheduledStartUtc });
        }
        if (changed.Count == 0) return;
        Case.Version++;
        AnswersChanged();
        Record("case.changed", null, changed);

        foreach (var consent in LiveConsents.Where(c => c.Status is ConsentStatus.Active or ConsentStatus.Proposed).ToList())
        {
            var material = Definition.Step(consent.StepId).InvalidatedBy.Select(f => f["case.".Length..]).Intersect(changed.Keys).ToList();
            if (material.Count > 0) Reconsent(consent, $"case changed: {string.Join(", ", material)}");
        }
        ReopenStaleAnswers(changed.Keys);
        ReopenAnswersNowLate(changed.Keys);
        RecheckPassedGates(changed.Keys);
        RecheckRunningDelays(changed.Keys);
        if (changed.ContainsKey(CaseFields.ScheduledStart)) RescheduleDueTimes();
    }

    private Dictionary<string, string> CaseSnapshot() => new()
    {
        [CaseFields.Procedure] = Case.Procedure, [CaseFields.Level] = Case.Level, [CaseFields.Side] = Case.Side,
        [CaseFields.Approach] = Case.Approach, [CaseFields.Surgeon] = Case.Surgeon, [CaseFields.SedationPlan] = Case.SedationPlan,
    };

    private static JsonArray Signatures(ConsentRecord consent) => JsonNode.Parse(consent.SignaturesJson) as JsonArray ?? [];
}
