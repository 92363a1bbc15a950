using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Hosting;

/// <summary>
/// The consent text the patient reads before signing, rendered from the same template, case facts and screening
/// answers the signed PDF uses later, so <see cref="RenderedConsent.ShownTextSha256"/> recorded at signing matches
/// the hash printed in the document. The language is the one chosen in the consent discussion, else the case's.
/// </summary>
public sealed class ConsentTextPreview(IDbContextFactory<ConsentFlowDbContext> contexts, ConsentTemplateLibrary templates)
{
    public async Task<RenderedConsent> RenderAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from instance in db.Instances.AsNoTracking()
                         join patientCase in db.Cases.AsNoTracking() on instance.CaseId equals patientCase.Id
                         where instance.Id == instanceId
                         select new { instance.DataJson, patientCase }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {instanceId}");

        var answers = Flatten(row.DataJson);
        var c = row.patientCase;
        var language = answers.GetValueOrDefault("consentDiscussion.language") ?? c.Language;
        // The same mapping the signed document uses (ConsentDocumentRequests.CaseData), fed from the case before signing.
        var facts = new ConsentSnapshot(instanceId, Guid.Empty, "Proposed", default, null, "",
            new PatientIdentity(c.Mrn, c.FamilyName, c.GivenName, c.BirthDate, c.Sex), c.Procedure, c.Cpt, c.Level, c.Side, c.Approach,
            c.Surgeon, new DateTimeOffset(DateTime.SpecifyKind(c.ScheduledStartUtc, DateTimeKind.Utc)), c.TimeZoneId, language, [], answers, []);
        return templates.Render(ConsentDocumentService.TemplateId, language, ConsentDocumentRequests.CaseData(facts), answers);
    }

    /// <summary>Stored answers keyed <c>formId.fieldId</c>, written the way the engine hands them to documents (yes/no, invariant numbers).</summary>
    private static Dictionary<string, string> Flatten(string dataJson)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(dataJson) is not JsonObject forms) return answers;
        foreach (var (formId, formNode) in forms)
        {
            if (formNode is not JsonObject fields) continue;
            foreach (var (fieldId, value) in fields)
                if (Raw(value) is { } text) answers[$"{formId}.{fieldId}"] = text;
        }
        return answers;
    }

    private static string? Raw(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number => value.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Array => string.Join(",", value.AsArray().Select(item => item?.ToString() ?? "")),
        _ => value.ToJsonString(),
    };
}
