using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Engine.Publishing;

/// <summary>A publication as the administrator asks for it: the definition text, their change note, and an approved override if scenarios fail.</summary>
public sealed record PublicationRequest(string Json, string? Note, Guid? OverrideId = null);

/// <summary>What publishing did, with the scenario report it was allowed by (null when nothing changed).</summary>
public sealed record PublicationOutcome(PublishResult Result, DraftScenarioReport? Scenarios);

/// <summary>What an administrator reviews before publishing: what changed since the published version and which running cases it concerns.</summary>
public sealed record PublicationPreview(string DefinitionId, int? PublishedVersion, DefinitionChanges Changes, AffectedCases Affected);

/// <summary>
/// Publishing with eyes open: the draft's scenarios must pass (or an override asked by one administrator must be
/// approved by another), a change note is required, and the note and readable diff are kept with the version. Roll
/// back publishes an earlier version's text as a new version through the same gate.
/// </summary>
public sealed class Publications(DefinitionCatalog catalog, PublicationScenarios scenarios, PublicationImpact impact)
{
    public async Task<PublicationPreview> PreviewAsync(string json, CancellationToken cancellationToken)
    {
        var definition = Parse(json);
        var published = await LatestOrNullAsync(definition.Id, cancellationToken);
        var changes = DefinitionDiff.Compare(published?.Definition, definition, published?.Version);
        return new PublicationPreview(definition.Id, published?.Version, changes, await impact.ForAsync(definition.Id, cancellationToken));
    }

    public async Task<PublicationOutcome> PublishAsync(PublicationRequest request, Actor actor, CancellationToken cancellationToken) =>
        await PublishAsync(request, rolledBackFrom: null, actor, cancellationToken);

    /// <summary>Publishes the text of <paramref name="version"/> again as the newest version, with a note saying why.</summary>
    public async Task<PublicationOutcome> RollBackAsync(string definitionId, int version, string? note, Guid? overrideId, Actor actor, CancellationToken cancellationToken)
    {
        var json = await catalog.GetJsonAsync(definitionId, version, cancellationToken);
        return await PublishAsync(new PublicationRequest(json, note, overrideId), version, actor, cancellationToken);
    }

    private async Task<PublicationOutcome> PublishAsync(PublicationRequest request, int? rolledBackFrom, Actor actor, CancellationToken cancellationToken)
    {
        var definition = Parse(request.Json);
        var published = await LatestOrNullAsync(definition.Id, cancellationToken);
        if (published is not null && await catalog.GetJsonAsync(definition.Id, published.Value.Version, cancellationToken) == request.Json)
            return new PublicationOutcome(new PublishResult(definition.Id, published.Value.Version, Changed: false), null);

        var note = RequiredNote(request.Note);
        var report = await scenarios.RunAsync(request.Json, cancellationToken);
        if (!report.Passed && request.OverrideId is null)
            throw new RejectedException($"Publishing is refused while scenarios fail ({report.Summary.TrimEnd('.')}). Fix the draft, or ask for an override "
                + "with a reason that a second administrator approves.");
        var details = new PublicationDetails(note, report.PassedCount, report.FailedCount, report.Passed ? null : request.OverrideId, rolledBackFrom);
        var result = await catalog.PublishAsync(request.Json, rolledBackFrom is null ? "draft" : $"{definition.Id}@{rolledBackFrom}", actor, details, cancellationToken);
        return new PublicationOutcome(result, report);
    }

    private async Task<(WorkflowDefinition Definition, int Version)?> LatestOrNullAsync(string definitionId, CancellationToken cancellationToken)
    {
        try
        {
            return await catalog.GetLatestAsync(definitionId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    internal static WorkflowDefinition Parse(string json)
    {
        var (definition, problems) = DefinitionLoader.Check(json, "draft");
        return definition ?? throw new InvalidDefinitionException(problems);
    }

    internal static string RequiredNote(string? note, string field = "note")
    {
        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length == 0) throw new FormValidationException("publish", [new FieldError(field, "say what changed and why (it is kept with the version)")]);
        if (trimmed.Length > PublicationLimits.NoteLength)
            throw new FormValidationException("publish", [new FieldError(field, $"must be at most {PublicationLimits.NoteLength} characters")]);
        return trimmed;
    }
}
