namespace ConsentFlow.Engine.Definitions;

/// <summary>A workflow as written by an administrator in <c>workflows/*.workflow.json</c>.</summary>
public sealed record WorkflowDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Title { get; init; }
    public required string Start { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<FormDefinition> Forms { get; init; } = [];
    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> Tables { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, decimal>>();

    public StepDefinition? FindStep(string id) => Steps.FirstOrDefault(s => s.Id == id);
    public FormDefinition? FindForm(string id) => Forms.FirstOrDefault(f => f.Id == id);

    public StepDefinition Step(string id) =>
        FindStep(id) ?? throw new InvalidOperationException($"Workflow '{Id}' has no step '{id}'.");
}

public sealed record FormDefinition
{
    /// <summary>Every form's answers carry the time they were submitted, which rules read as <c>[form.submittedAt]</c>.</summary>
    public const string SubmittedAt = "submittedAt";
    /// <summary>And the scheduled start they were submitted for, <c>[form.startWhenSubmitted]</c>: answers given for one procedure day can be told from another's.</summary>
    public const string StartWhenSubmitted = "startWhenSubmitted";

    public static readonly IReadOnlyList<string> SubmissionFields = [SubmittedAt, StartWhenSubmitted];

    public required string Id { get; init; }
    public required LocalizedText Title { get; init; }
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];

    /// <summary>Submitting the form is an act of the person (the host re-authenticates them; no program may submit it).</summary>
    public bool PersonalAct { get; init; }

    /// <summary>Another system (an EHR key with the write scope) may submit the form for its user.</summary>
    public bool SystemsMaySubmit { get; init; }

    public FieldDefinition? FindField(string id) => Fields.FirstOrDefault(f => f.Id == id);
}

public enum FieldType { Text, Number, Date, DateTime, YesNo, Choice, MultiChoice, Computed, Signature, List }

public sealed record FieldDefinition
{
    public required string Id { get; init; }
    public required FieldType Type { get; init; }
    public required LocalizedText Label { get; init; }
    public LocalizedText? Help { get; init; }
    public bool Required { get; init; }
    /// <summary>Rule that makes the field required only in some cases (e.g. pregnancy test for patients who could be pregnant).</summary>
    public string? RequiredWhen { get; init; }
    public string? Unit { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public int? MaxLength { get; init; }
    public IReadOnlyList<ChoiceOption> Choices { get; init; } = [];
    /// <summary>For computed fields: the rule that produces the value (e.g. the STOP-BANG score).</summary>
    public string? Expression { get; init; }
    /// <summary>For list fields: the fields of one entry (e.g. a drug and its last dose); rules read them as <c>[item.x]</c>.</summary>
    public IReadOnlyList<FieldDefinition> ItemFields { get; init; } = [];
    /// <summary>For date and date-time fields: moments the answer cannot come after (e.g. a last dose is never in the future).</summary>
    public IReadOnlyList<Forms.DateBound> NotAfter { get; init; } = [];
    /// <summary>
    /// For a choice field the patient answers as a teach-back question: the rule giving the right choice, a constant
    /// (<c>'untilTheStart'</c>) or a case fact (<c>[case.level]</c>). The tablet shows it after a wrong answer.
    /// </summary>
    public string? Answer { get; init; }

    /// <summary>A teach-back question: a choice with a right answer.</summary>
    public bool IsQuestion => Type == FieldType.Choice && Answer is not null;

    public FieldDefinition? FindItemField(string id) => ItemFields.FirstOrDefault(f => f.Id == id);
}

public sealed record ChoiceOption(string Value, LocalizedText Label);

/// <summary>A milestone marks the case with an outcome (ready) and carries on, e.g. into the procedure day's WHO phases.</summary>
public enum StepKind { HumanTask, Signature, Decision, Parallel, Join, Timer, HardStop, Escalation, End, Milestone }

public enum EndOutcome { Ready, Cancelled, Withdrawn, Completed }

public enum OverrideBy { AnyRole, EveryRole }

/// <summary>One node of the workflow graph. Which properties apply depends on <see cref="Kind"/>; the schema and validator enforce that.</summary>
public sealed record StepDefinition
{
    public required string Id { get; init; }
    public required StepKind Kind { get; init; }
    public LocalizedText? Title { get; init; }
    public string? Next { get; init; }

    // humanTask, escalation, signature
    public string? Role { get; init; }
    public string? Form { get; init; }
    public int? DueInHours { get; init; }
    /// <summary>Rule giving the due time, usually counted back from the procedure (<c>addDays([case.scheduledStart], -3)</c>); never after the start.</summary>
    public string? Due { get; init; }
    /// <summary>When set, a task still open after its due time blocks the case, and one completed late raises a stop that <see cref="OverrideRoles"/> must lift.</summary>
    public LocalizedText? LateMessage { get; init; }
    /// <summary>Conditions a submission must meet (e.g. day-of verification only within 12 hours of the start). They are checked again
    /// when a case fact they read changes: answers that no longer meet them reopen the step.</summary>
    public IReadOnlyList<AcceptRule> AcceptOnlyWhen { get; init; } = [];

    // decision
    public IReadOnlyList<DecisionBranch> Branches { get; init; } = [];
    public string? Otherwise { get; init; }

    // parallel / join
    public IReadOnlyList<string> Paths { get; init; } = [];
    public string? Joins { get; init; }

    // timer: wait until the rule's date/time, only when the condition holds
    public string? Until { get; init; }
    public string? When { get; init; }
    public LocalizedText? WaitingMessage { get; init; }

    // hardStop
    public IReadOnlyList<StopRule> Rules { get; init; } = [];
    public IReadOnlyList<string> OverrideRoles { get; init; } = [];
    /// <summary>Whether one of <see cref="OverrideRoles"/> may override, or every one of them must (surgeon and anesthesia).</summary>
    public OverrideBy OverrideBy { get; init; } = OverrideBy.AnyRole;

    // escalation
    public LocalizedText? Reason { get; init; }

    // signature
    public IReadOnlyList<SignerDefinition> Signers { get; init; } = [];
    public int? ValidForDays { get; init; }
    public IReadOnlyList<string> InvalidatedBy { get; init; } = [];
    /// <summary>Reported events that end this consent (domain §1: change in condition, new imaging, revised template, error, doubtful capacity).</summary>
    public IReadOnlyList<string> ReconsentOn { get; init; } = [];
    public string? Reconsent { get; init; }

    // end, milestone
    public EndOutcome? Outcome { get; init; }
}

public sealed record DecisionBranch(string When, string Next);

/// <summary>A condition a submission must meet, and the sentence that explains a refusal.</summary>
public sealed record AcceptRule(string Id, string When, LocalizedText Message);

/// <summary>A hard-stop condition and the sentence a nurse reads when it holds.</summary>
/// <param name="ForEach">A list field (<c>sedation.antithrombotics</c>): the rule is checked for each entry, which it reads as <c>[item.x]</c>.</param>
public sealed record StopRule(string Id, string When, LocalizedText Message, string? ForEach = null)
{
    /// <summary>The prefix of an entry's fields in a <see cref="ForEach"/> rule.</summary>
    public const string ItemPrefix = "item.";
}

/// <summary>Who signs a consent, in order; the practitioner attests last.</summary>
public sealed record SignerDefinition
{
    public required string Role { get; init; }
    public required LocalizedText Meaning { get; init; }
    /// <summary>Only required when this rule holds (e.g. an interpreter when one was used).</summary>
    public string? When { get; init; }
    /// <summary>Conditions this signer's submission must meet (e.g. no sedative premedication in the last hours).</summary>
    public IReadOnlyList<AcceptRule> AcceptOnlyWhen { get; init; } = [];
}
