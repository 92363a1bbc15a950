using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Timeline;

/// <summary>
/// A case's history told from its journal: submissions with their answers, hard stops and overrides with their
/// reasons, signatures, anesthesia decisions and plans, documents and consent status, newest first. The journal stays
/// the record; this only reads it.
/// </summary>
public sealed class CaseTimeline(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog)
{
    /// <param name="people">Account id → printed name; an id not in it is described by the capacity it acted in.</param>
    /// <param name="roleName">Words a role code ("surgeon" → "cirujano/a") in the reader's language; codes stay as they are without it.
    /// Only role codes are worded: reasons and plans people wrote are quoted exactly.</param>
    public async Task<CaseHistory> ReadAsync(Guid instanceId, string language, IReadOnlyDictionary<string, string> people, CancellationToken cancellationToken,
        Func<string, string>? roleName = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instance = await (from i in db.Instances.AsNoTracking()
                              join c in db.Cases.AsNoTracking() on i.CaseId equals c.Id
                              where i.Id == instanceId
                              select new { i.DefinitionId, i.DefinitionVersion, c.TimeZoneId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Workflow instance {instanceId}");
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var stops = await db.HardStops.AsNoTracking().Where(s => s.InstanceId == instanceId).ToListAsync(cancellationToken);
        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);

        var story = new Story(definition, stops, language, instance.TimeZoneId, people, roleName ?? (role => role));
        var entries = journal.Select(story.Tell).OfType<TimelineEntry>().Reverse().ToList();
        return new CaseHistory(instanceId, instance.TimeZoneId, entries);
    }

    /// <summary>Walks the journal in order, remembering what later entries need (how many roles a stop waits for).</summary>
    private sealed class Story(WorkflowDefinition definition, IReadOnlyList<HardStop> stops, string language, string timeZoneId,
        IReadOnlyDictionary<string, string> people, Func<string, string> term)
    {
        private readonly Dictionary<string, (int Needed, List<string> Done, IReadOnlyList<string> Roles)> _openStops = [];
        private bool Es => language == "es";

        public TimelineEntry? Tell(JournalEntry entry)
        {
            var details = JsonNode.Parse(entry.DetailsJson) as JsonObject ?? [];
            var who = Who(entry.Actor, entry.Role);
            TimelineEntry Entry(TimelineKind kind, string sentence, IReadOnlyList<AnswerLine>? answers = null, string? plain = null) =>
                new(entry.Sequence, entry.AtUtc, kind, entry.Actor, entry.Role, who, sentence, answers ?? [], plain);

            var step = entry.StepId is null ? null : definition.FindStep(entry.StepId);
            var stepTitle = step?.Title?.In(language) ?? entry.StepId ?? "";
            switch (entry.Action)
            {
                case "workflow.started":
                    return Entry(TimelineKind.Case, T($"{who} created the case.", $"{who} creó el caso."));
                case "case.changed":
                    return Entry(TimelineKind.Case, T($"{who} changed the plan: {Changes(details)}.", $"{who} cambió el plan: {Changes(details)}."));
                case "workflow.ready":
                    return Entry(TimelineKind.Case, T("Every prerequisite is met: the case is ready for the procedure.", "Se cumplen todos los requisitos: el caso está listo para el procedimiento."));
                case "workflow.completed":
                    return Entry(TimelineKind.Case, T("The procedure day was closed.", "Se cerró el día del procedimiento."));
                case "workflow.closed":
                    return Closed(details, who, Entry);
                case "task.completed":
                    return Completed(details, step, stepTitle, who, Entry);
                case "escalation.opened":
                    var role = term(Text(details, "role") ?? "anesthesiologist");
                    return Entry(TimelineKind.Escalation, T($"Sent to {role} for review: “{stepTitle}”.", $"Enviado a {role} para revisión: «{stepTitle}»."));
                case "hardstop.raised":
                    return Raised(entry, details, stepTitle, Entry);
                case "hardstop.overridden":
                    return Overridden(entry, details, stepTitle, who, Entry);
                case "consent.signed":
                    return Signed(details, step, who, Entry);
                case "consent.proposed":
                    return Entry(TimelineKind.Consent, T("Consent status: proposed, waiting for signatures.", "Estado del consentimiento: propuesto, a la espera de firmas."));
                case "consent.active":
                    var expires = details["expiresAtUtc"] is JsonValue e && e.TryGetValue<DateTime>(out var at) ? at : (DateTime?)null;
                    return Entry(TimelineKind.Consent, expires is { } until
                        ? T($"Consent status: active (every signature given), valid until {AnswerText.Day(until, timeZoneId, language)}.",
                            $"Estado del consentimiento: vigente (todas las firmas dadas), válido hasta el {AnswerText.Day(until, timeZoneId, language)}.")
                        : T("Consent status: active (every signature given).", "Estado del consentimiento: vigente (todas las firmas dadas)."));
                case "consent.inactive":
                    return Entry(TimelineKind.Consent, T($"Consent status: inactive ({Text(details, "reason")}).", $"Estado del consentimiento: inactivo ({Text(details, "reason")})."));
                case "consent.reconsent":
                    return Entry(TimelineKind.Consent, T("The patient must consent again.", "El paciente debe dar su consentimiento de nuevo."));
                case "consent.concern":
                    var note = Text(details, "staffNote");
                    return Entry(TimelineKind.Consent,
                        T($"{who} reported that the signed consent no longer holds ({Text(details, "concern")})", $"{who} indicó que el consentimiento firmado ya no es válido ({Text(details, "concern")})")
                            + (note is null ? "." : T($": “{note}”.", $": «{note}».")),
                        plain: T($"{who} reported that the signed consent no longer holds.", $"{who} indicó que el consentimiento firmado ya no es válido."));
                case "document.stored":
                    return Stored(details, who, Entry);
                default:
                    return null; // bookkeeping (tokens, timers, decisions) that says nothing new to a reader
            }
        }

        private TimelineEntry? Completed(JsonObject details, StepDefinition? step, string stepTitle, string who,
            Func<TimelineKind, string, IReadOnlyList<AnswerLine>?, string?, TimelineEntry> entry)
        {
            var kind = Text(details, "kind");
            if (kind is not ("Form" or "Escalation")) return null; // signatures and overrides have entries of their own
            var form = step?.Form is { } formId ? definition.FindForm(formId) : null;
            var answers = form is null ? [] : AnswerText.Lines(form, details["answers"] as JsonObject, language, timeZoneId);
            var title = form?.Title.In(language) ?? stepTitle;
            if (kind == "Form")
                return entry(TimelineKind.Submission, T($"{who} submitted “{title}”.", $"{who} envió «{title}»."), answers, null);

            // An escalation decision: its choice and the anesthesia plan belong in the sentence a later reader scans.
            var submitted = details["answers"] as JsonObject;
            var decision = form?.FindField("decision") is { } d && submitted?["decision"] is { } dv ? AnswerText.Value(d, dv, language, timeZoneId) : null;
            var plan = submitted?["plan"] is JsonValue pv && pv.TryGetValue<string>(out var p) && p.Length > 0 ? p : null;
            var sentence = T($"{who} completed “{title}”", $"{who} completó «{title}»")
                + (decision is null ? "" : T($": {decision}", $": {decision}"))
                + (plan is null ? "." : T($". Anesthesia plan: “{plan}”.", $". Plan de anestesia: «{plan}»."));
            return entry(TimelineKind.Escalation, sentence, answers, T($"{who} completed “{title}”.", $"{who} completó «{title}»."));
        }

        private TimelineEntry Raised(JournalEntry journal, JsonObject details, string stepTitle,
            Func<TimelineKind, string, IReadOnlyList<AnswerLine>?, string?, TimelineEntry> entry)
        {
            var roles = (details["overrideRoles"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToList() ?? [];
            var everyRole = definition.FindStep(journal.StepId ?? "")?.OverrideBy == OverrideBy.EveryRole;
            _openStops[journal.StepId ?? ""] = (everyRole ? roles.Count : 1, [], roles);
            var findings = stops.Where(s => s.StepId == journal.StepId && Math.Abs((s.RaisedAtUtc - journal.AtUtc).TotalMilliseconds) < 1)
                .Select(s => Localized(s.MessageJson)).Where(m => m.Length > 0).ToList();
            var needs = string.Join(T(everyRole ? " and " : " or ", everyRole ? " y " : " o "), roles.Select(term));
            var because = findings.Count == 0 ? "" : " " + string.Join(" ", findings);
            return entry(TimelineKind.Override,
                T($"Hard stop at “{stepTitle}”:{because} An override with a written reason is needed from {needs}.",
                  $"Parada obligatoria en «{stepTitle}»:{because} Hace falta la anulación con motivo escrito de {needs}."),
                null,
                T($"A clinical hold stopped the case at “{stepTitle}”; an override is needed from {needs}.",
                  $"Una retención clínica detuvo el caso en «{stepTitle}»; hace falta la anulación de {needs}."));
        }

        private TimelineEntry Overridden(JournalEntry journal, JsonObject details, string stepTitle, string who,
            Func<TimelineKind, string, IReadOnlyList<AnswerLine>?, string?, TimelineEntry> entry)
        {
            var reason = Text(details, "reason") ?? "";
            var complete = details["complete"] is JsonValue c && c.TryGetValue<bool>(out var done) && done;
            var sentence = T($"{who} overrode the hard stop at “{stepTitle}”. Reason: “{reason}”.", $"{who} anuló la parada obligatoria en «{stepTitle}». Motivo: «{reason}».");
            var plain = T($"{who} overrode the clinical hold at “{stepTitle}”.", $"{who} anuló la retención clínica en «{stepTitle}».");
            if (_openStops.TryGetValue(journal.StepId ?? "", out var open))
            {
                open.Done.Add(journal.Role);
                if (!complete && open.Needed > 1)
                {
                    var progress = " " + OverrideProgress.Sentence(open.Done, open.Roles, language, term);
                    sentence += progress;
                    plain += progress;
                }
                if (complete) _openStops.Remove(journal.StepId ?? "");
            }
            if (complete)
            {
                sentence += T(" The hard stop is lifted.", " La parada queda anulada.");
                plain += T(" The hold is lifted.", " La retención queda anulada.");
            }
            return entry(TimelineKind.Override, sentence, null, plain);
        }

        private TimelineEntry Signed(JsonObject details, StepDefinition? step, string who,
            Func<TimelineKind, string, IReadOnlyList<AnswerLine>?, string?, TimelineEntry> entry)
        {
            var signerRole = Text(details, "signerRole") ?? "";
            var english = Text(details, "meaning");
            // Two signers may share a role (patient or representative): the English meaning the journal kept tells which.
            var meaning = step?.Signers.Where(s => s.Role == signerRole).FirstOrDefault(s => english is null || s.Meaning.In("en") == english)?.Meaning.In(language) ?? english ?? "";
            var signer = signerRole switch
            {
                "patient" => T("The patient (or representative)", "El paciente (o su representante)"),
                "interpreter" when who == Capacity("interpreter") => T("The interpreter", "El intérprete"),
                _ => who,
            };
            return entry(TimelineKind.Signature, T($"{signer} signed as {term(signerRole)}: “{meaning}”", $"{signer} firmó como {term(signerRole)}: «{meaning}»"), null, null);
        }

        private TimelineEntry Stored(JsonObject details, string who, Func<TimelineKind, string, IReadOnlyList<AnswerLine>?, string?, TimelineEntry> entry)
        {
            var version = details["version"]?.GetValue<int>() ?? 1;
            var sha = Text(details, "sha256") is { Length: >= 12 } hash ? hash[..12] : "";
            var replaces = details["supersedes"] is JsonValue ? T($" It replaces version {version - 1}.", $" Sustituye a la versión {version - 1}.") : "";
            var by = who == Capacity("system") ? "" : T($" by {who}", $" por {who}");
            return entry(TimelineKind.Document,
                T($"Signed consent document version {version} produced{by} (SHA-256 {sha}…).{replaces}",
                  $"Documento de consentimiento firmado, versión {version}, generado{by} (SHA-256 {sha}…).{replaces}"), null, null);
        }

        private TimelineEntry Closed(JsonObject details, string who, Func<TimelineKind, string, IReadOnlyList<AnswerLine>?, string?, TimelineEntry> entry)
        {
            var reason = Text(details, "reason");
            return Text(details, "status") switch
            {
                "Withdrawn" => entry(TimelineKind.Consent, T($"{who} recorded that the patient withdrew consent; the workflow ended.", $"{who} registró que el paciente retiró el consentimiento; el flujo terminó."), null, null),
                "Cancelled" => entry(TimelineKind.Case, T($"{who} cancelled the case", $"{who} canceló el caso") + (reason is null ? "." : T($": “{reason}”.", $": «{reason}».")), null,
                    T($"{who} cancelled the case.", $"{who} canceló el caso.")),
                var status => entry(TimelineKind.Case, T($"The workflow ended ({status}).", $"El flujo terminó ({status})."), null, null),
            };
        }

        private string Changes(JsonObject changed) => string.Join(", ", changed.Select(p =>
        {
            string Side(string key) => p.Value?[key] is JsonValue v && v.TryGetValue<DateTime>(out var at) && p.Key == CaseFields.ScheduledStart
                ? AnswerText.Moment(at, timeZoneId, language) : p.Value?[key]?.ToString() ?? "";
            return $"{FieldName(p.Key)} {Side("from")} → {Side("to")}";
        }));

        private string FieldName(string field) => field switch
        {
            CaseFields.Level => T("level", "nivel"),
            CaseFields.Side => T("side", "lado"),
            CaseFields.Approach => T("approach", "abordaje"),
            CaseFields.Surgeon => T("surgeon", "cirujano"),
            CaseFields.SedationPlan => T("sedation plan", "plan de sedación"),
            CaseFields.ScheduledStart => T("start", "inicio"),
            _ => field,
        };

        private string Who(string actorId, string role) => people.TryGetValue(actorId, out var name) ? $"{name} ({term(role)})" : Capacity(role);

        /// <summary>Someone without an account here (the tablet, the system, a key's service account unknown to this list).</summary>
        private string Capacity(string role) => role switch
        {
            "system" => "ConsentFlow",
            "patient" => T("The patient", "El paciente"),
            _ => T($"A {term(role)}", $"Un/a {term(role)}"),
        };

        private string Localized(string json)
        {
            var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
            return texts.TryGetValue(language, out var text) ? text : texts.GetValueOrDefault("en", "");
        }

        private static string? Text(JsonObject details, string key) =>
            details[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

        private string T(string english, string spanish) => Es ? spanish : english;
    }
}
