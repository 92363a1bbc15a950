using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

internal static class ConsentSnapshots
{
    /// <summary>The snapshot of <paramref name="consent"/>, or with no consent yet, of the case and answers alone.</summary>
    public static ConsentSnapshot From(InstanceSession session, ConsentRecord? consent, string language)
    {
        var patientCase = session.Case;
        var step = consent is null ? null : session.Definition.Step(consent.StepId);
        var signatures = (JsonNode.Parse(consent?.SignaturesJson ?? "[]") as JsonArray ?? []).OfType<JsonObject>().Select(signature =>
        {
            var role = signature["signerRole"]!.GetValue<string>();
            var answers = signature["answers"] as JsonObject ?? [];
            return new SignatureSnapshot(
                role,
                PrintedName(signature),
                step!.Signers.Any(s => s.Role == role) ? session.SignerFor(step, role).Meaning.In(language) : signature["meaning"]!.GetValue<string>(),
                SignedAt(signature),
                answers["signature"]?.GetValue<string>() ?? "",
                answers.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? ""),
                signature["attestation"]?.Deserialize<SignerAttestation>());
        }).ToList();

        // The plan the patient consented to, not the case as it is now.
        var plan = consent is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(consent.SnapshotJson) ?? [];
        string Planned(string field, string current) => plan.GetValueOrDefault(field, current);
        var context = session.RuleContext();
        var answersByName = context.Values.Where(v => v.Value is not null && !v.Key.StartsWith("case.", StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => Raw(v.Value));

        return new ConsentSnapshot(
            session.Instance.Id, consent?.Id ?? Guid.Empty, consent?.Status.ToString() ?? "None", consent?.SignedAtUtc ?? session.Now,
            consent?.ExpiresAtUtc, consent?.JournalHashAtSigning ?? "",
            new PatientIdentity(patientCase.Mrn, patientCase.FamilyName, patientCase.GivenName, patientCase.BirthDate, patientCase.Sex),
            Planned(CaseFields.Procedure, patientCase.Procedure), patientCase.Cpt, Planned(CaseFields.Level, patientCase.Level),
            Planned(CaseFields.Side, patientCase.Side), Planned(CaseFields.Approach, patientCase.Approach), Planned(CaseFields.Surgeon, patientCase.Surgeon),
            new DateTimeOffset(patientCase.ScheduledStartUtc, TimeSpan.Zero), patientCase.TimeZoneId, language,
            signatures, answersByName, AnsweredForms(session, language),
            consent is null ? null : ShownTemplate.OfSignatures(consent.SignaturesJson));
    }

    /// <summary>The account's name for staff, the name typed on the tablet for a patient or representative.</summary>
    public static string PrintedName(JsonObject signature) =>
        signature["attestation"]?["PrintedName"]?.GetValue<string>() ?? (signature["answers"] as JsonObject)?["printedName"]?.GetValue<string>() ?? "";

    public static DateTime SignedAt(JsonObject signature) =>
        DateTime.Parse(signature["signedAtUtc"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.RoundtripKind);

    private static List<AnsweredForm> AnsweredForms(InstanceSession session, string language)
    {
        var forms = new List<AnsweredForm>();
        foreach (var form in session.Definition.Forms)
        {
            if (session.Data[form.Id] is not JsonObject answers) continue;
            var fields = form.Fields
                .Where(f => f.Type != FieldType.Signature)
                .Select(f => (Field: f, Value: FieldValues.Read(f, answers[f.Id]).Value))
                .Where(f => f.Value is not null)
                .Select(f => new AnsweredField(f.Field.Id, f.Field.Label.In(language), Display(f.Field, f.Value, language, session.Zone)))
                .ToList();
            forms.Add(new AnsweredForm(form.Id, form.Title.In(language), fields));
        }
        return forms;
    }

    private static string Display(FieldDefinition field, object? value, string language, TimeZoneInfo zone) => value switch
    {
        string choice when field.Type == FieldType.Choice => field.Choices.FirstOrDefault(c => c.Value == choice)?.Label.In(language) ?? choice,
        string[] choices => string.Join(", ", choices.Select(c => field.Choices.FirstOrDefault(o => o.Value == c)?.Label.In(language) ?? c)),
        bool flag => language == "es" ? (flag ? "sí" : "no") : (flag ? "yes" : "no"),
        ListAnswer list => string.Join("; ", list.Items.Select(item =>
            string.Join(", ", field.ItemFields.Where(f => item.GetValueOrDefault(f.Id) is not null).Select(f => Display(f, item[f.Id], language, zone))))),
        decimal number when field.Unit is { } unit => $"{MessageTemplate.Format(number, zone)} {unit}",
        _ => MessageTemplate.Format(value, zone),
    };

    private static string Raw(object? value) => value switch
    {
        bool flag => flag ? "yes" : "no",
        string[] items => string.Join(",", items),
        // Templates read a list like one answer: "apixaban, clopidogrel", or "none" (the word a choice would use) when empty.
        ListAnswer { Items.Count: 0 } => "none",
        ListAnswer list => string.Join(", ", list.Items.Select(item => Raw(item.Values.FirstOrDefault()))),
        DateTime { Kind: DateTimeKind.Utc } moment => moment.ToString("O"),
        DateTime date => date.ToString("yyyy-MM-dd"),
        decimal number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
