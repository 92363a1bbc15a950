namespace ConsentFlow.Application.Timeline;

/// <summary>What a timeline entry is about: the chips a reader filters by.</summary>
public enum TimelineKind { Submission, Override, Signature, Escalation, Document, Consent, Case }

/// <summary>One answer as a reader sees it: the field's label and its value in the reader's language.</summary>
public sealed record AnswerLine(string Label, string Value);

/// <summary>
/// One event of a case in a plain sentence, with who (account id and the capacity they acted in) and when. Sentences
/// name roles by their codes, as the engine's own sentences do; the screen puts them into words.
/// </summary>
/// <param name="Sentence">What happened, for a reader who may see clinical detail.</param>
/// <param name="PlainSentence">The same event without screening answers, hard-stop findings or reasons (access.md: the scheduler); null when <paramref name="Sentence"/> holds none.</param>
public sealed record TimelineEntry(
    long Sequence, DateTime AtUtc, TimelineKind Kind, string ActorId, string Role, string Who, string Sentence,
    IReadOnlyList<AnswerLine> Answers, string? PlainSentence = null)
{
    /// <summary>The entry as someone without a clinical role may read it.</summary>
    public TimelineEntry WithoutClinicalDetail() => this with { Sentence = PlainSentence ?? Sentence, PlainSentence = null, Answers = [] };
}

/// <summary>A case's history, newest first, with the time zone its moments are shown in.</summary>
public sealed record CaseHistory(Guid InstanceId, string TimeZoneId, IReadOnlyList<TimelineEntry> Entries)
{
    public CaseHistory WithoutClinicalDetail() => this with { Entries = Entries.Select(e => e.WithoutClinicalDetail()).ToList() };
}
