using System.Text.Json.Nodes;
using ConsentFlow.Application.Documents;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Timeline;

/// <summary>A signature already given on a consent: in which capacity, by whom (printed name), when, and the pen strokes.</summary>
/// <param name="Strokes">The signature pad's strokes (<c>strokes:WxH;...</c>); null for a staff signature given by password.</param>
/// <param name="VouchedByName">The staff member who checked the signer's identity on the tablet.</param>
public sealed record GivenSignature(string SignerRole, string ActorId, string PrintedName, DateTime SignedAtUtc, string? Strokes, string? VouchedByName, string Meaning);

/// <summary>
/// The consent as the patient signed it, for the signers who come after (the surgeon's countersign): the text, whether it
/// is the very text whose hash the patient's signature recorded, and the signatures given so far.
/// </summary>
public sealed record SignedConsentReview(RenderedConsent Text, string? ShownSha256, bool TextMatchesSigned, IReadOnlyList<GivenSignature> Signatures);

/// <summary>Every answer of one submitted form, for a reviewer (the anesthesiologist reads the whole sedation screening).</summary>
public sealed record SubmittedForm(string FormId, string Title, IReadOnlyList<AnswerLine> Answers);

/// <summary>What a reviewer needs on the task's screen, read from the instance and its consent.</summary>
public sealed class ReviewContexts(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog, ConsentTextPreview consentText)
{
    /// <summary>For a signature task that follows others on the same consent: what they signed; null otherwise.</summary>
    public async Task<SignedConsentReview?> SignedConsentAsync(Guid taskId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is not { Kind: TaskKind.Signature, ConsentId: { } consentId }) return null;
        var consent = await db.Consents.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consentId, cancellationToken);
        if (consent is null || JsonNode.Parse(consent.SignaturesJson) is not JsonArray { Count: > 0 } given) return null;
        var definition = await DefinitionOfAsync(db, task.InstanceId, cancellationToken);
        var step = definition.FindStep(task.StepId);

        var signatures = given.OfType<JsonObject>().Select(s =>
        {
            var role = s["signerRole"]?.GetValue<string>() ?? "";
            var english = s["meaning"]?.GetValue<string>();
            var answers = s["answers"] as JsonObject;
            var attestation = s["attestation"] as JsonObject;
            return new GivenSignature(role, s["actor"]?.GetValue<string>() ?? "",
                attestation?["PrintedName"]?.GetValue<string>() ?? answers?["printedName"]?.GetValue<string>() ?? "",
                DateTime.Parse(s["signedAtUtc"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind),
                answers?["signature"] is JsonValue strokes && strokes.TryGetValue<string>(out var pen) ? pen : null,
                attestation?["VouchedByName"]?.GetValue<string>(),
                step?.Signers.Where(x => x.Role == role).FirstOrDefault(x => english is null || x.Meaning.In("en") == english)?.Meaning.In(language) ?? english ?? "");
        }).ToList();

        // The first signer's answers carry the hash of the text the tablet showed; the text is rendered again from the
        // same template and facts, and the hashes say whether it is exactly what was signed.
        var shown = (given[0]?["answers"] as JsonObject)?["documentShownSha256"] is JsonValue hash && hash.TryGetValue<string>(out var sha) ? sha : null;
        var text = await consentText.RenderSignedAsync(task.InstanceId, ShownTemplate.OfSignatures(consent.SignaturesJson), shown, cancellationToken);
        return new SignedConsentReview(text, shown, shown is not null && string.Equals(shown, text.ShownTextSha256, StringComparison.OrdinalIgnoreCase), signatures);
    }

    /// <summary>
    /// For a review (escalation) task: every answer of the forms whose steps lead to it (the sedation screening before
    /// anesthesiology's review); empty for other tasks.
    /// </summary>
    public async Task<IReadOnlyList<SubmittedForm>> ReviewedFormsAsync(Guid taskId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is not { Kind: TaskKind.Escalation }) return [];
        var row = await (from i in db.Instances.AsNoTracking()
                         join c in db.Cases.AsNoTracking() on i.CaseId equals c.Id
                         where i.Id == task.InstanceId
                         select new { i.DataJson, c.TimeZoneId }).FirstAsync(cancellationToken);
        var definition = await DefinitionOfAsync(db, task.InstanceId, cancellationToken);
        var data = JsonNode.Parse(row.DataJson) as JsonObject ?? [];
        return definition.Steps
            .Where(s => s.Form is not null && s.Id != task.StepId && Leads(definition, s, task.StepId))
            .Select(s => definition.FindForm(s.Form!)!)
            .DistinctBy(f => f.Id)
            .Where(f => data[f.Id] is JsonObject)
            .Select(f => new SubmittedForm(f.Id, f.Title.In(language), AnswerText.Lines(f, (JsonObject)data[f.Id]!, language, row.TimeZoneId)))
            .ToList();
    }

    /// <summary>The answers of every review (escalation) form already submitted: the anesthesiologist's decision and plan.</summary>
    public async Task<IReadOnlyList<SubmittedForm>> DecisionsAsync(Guid instanceId, string language, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from i in db.Instances.AsNoTracking()
                         join c in db.Cases.AsNoTracking() on i.CaseId equals c.Id
                         where i.Id == instanceId
                         select new { i.DataJson, c.TimeZoneId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {instanceId}");
        var definition = await DefinitionOfAsync(db, instanceId, cancellationToken);
        var data = JsonNode.Parse(row.DataJson) as JsonObject ?? [];
        return definition.Steps.Where(s => s.Kind == StepKind.Escalation && s.Form is not null)
            .Select(s => definition.FindForm(s.Form!)!)
            .DistinctBy(f => f.Id)
            .Where(f => data[f.Id] is JsonObject)
            .Select(f => new SubmittedForm(f.Id, f.Title.In(language), AnswerText.Lines(f, (JsonObject)data[f.Id]!, language, row.TimeZoneId)))
            .ToList();
    }

    /// <summary>Whether <paramref name="from"/> reaches <paramref name="target"/> through steps no person works (stops, decisions).</summary>
    private static bool Leads(WorkflowDefinition definition, StepDefinition from, string target)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>(Following(from));
        while (queue.TryDequeue(out var id))
        {
            if (id == target) return true;
            if (!seen.Add(id) || definition.FindStep(id) is not { } step) continue;
            if (step.Kind is StepKind.HardStop or StepKind.Decision or StepKind.Timer or StepKind.Milestone)
                foreach (var next in Following(step)) queue.Enqueue(next);
        }
        return false;
    }

    private static IEnumerable<string> Following(StepDefinition step) =>
        new[] { step.Next, step.Otherwise }.Concat(step.Branches.Select(b => b.Next)).OfType<string>();

    private async Task<WorkflowDefinition> DefinitionOfAsync(ConsentFlowDbContext db, Guid instanceId, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => new { i.DefinitionId, i.DefinitionVersion })
            .FirstAsync(cancellationToken);
        return await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
    }
}
