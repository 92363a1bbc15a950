using ConsentFlow.Engine.Definitions;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>One form of one published workflow definition version.</summary>
public sealed record QuestionnaireFacts(WorkflowDefinition Definition, int Version, DateTime PublishedAtUtc, FormDefinition Form, bool Latest);

/// <summary>
/// A form as a FHIR Questionnaire. One Questionnaire per form across definition versions: the id and canonical URL
/// stay, <c>version</c> and <c>meta.versionId</c> are the definition's version, so <c>url|version</c> names exactly the
/// form a QuestionnaireResponse answered, and a vread of that version returns it.
/// </summary>
public static class QuestionnaireMapping
{
    public static Questionnaire Questionnaire(QuestionnaireFacts facts, FhirServer server)
    {
        var definitionId = facts.Definition.Id;
        var form = facts.Form;
        var items = form.Fields.Select(f => Item(definitionId, form, f)).ToList();
        var questionnaire = new Questionnaire
        {
            Id = FhirServer.QuestionnaireId(definitionId, form.Id),
            Meta = FhirCodes.Meta(facts.Version.ToString(), facts.PublishedAtUtc),
            Text = Narratives.Of($"{form.Title.In("en")} ({facts.Definition.Title.In("en")}, version {facts.Version})."),
            Url = server.QuestionnaireUrl(definitionId, form.Id),
            Identifier = [new Identifier("urn:consentflow:form", $"{definitionId}:{form.Id}")],
            Version = facts.Version.ToString(),
            Name = Name(definitionId, form.Id),
            Title = form.Title.In("en"),
            // Only the newest published version is filled in; earlier ones stay readable for the answers given to them.
            Status = facts.Latest ? PublicationStatus.Active : PublicationStatus.Retired,
            Date = FhirCodes.Instant(facts.PublishedAtUtc),
            Publisher = server.OrganizationName,
            SubjectType = [ResourceType.Patient],
            Item = items,
        };
        if (form.Fields.Any(f => f.Expression?.Contains("[case.", StringComparison.Ordinal) == true))
            questionnaire.Extension.Add(PatientLaunchContext());
        return questionnaire;
    }

    /// <summary>A computer-friendly name (letters and digits, starting upper case), as the inv-0 rule asks.</summary>
    private static string Name(string definitionId, string formId) =>
        string.Concat($"{definitionId}-{formId}".Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static Questionnaire.ItemComponent Item(string definitionId, FormDefinition form, FieldDefinition field)
    {
        var formId = form.Id;
        var item = new Questionnaire.ItemComponent
        {
            LinkId = field.Id,
            Text = field.Label.In("en"),
            Type = ItemType(field),
            Required = field.Required && field.RequiredWhen is null && field.Type is not FieldType.Computed,
        };
        switch (field.Type)
        {
            case FieldType.Choice or FieldType.MultiChoice:
                item.Repeats = field.Type == FieldType.MultiChoice;
                item.AnswerOption = field.Choices.Select(c => new Questionnaire.AnswerOptionComponent { Value = FormCodes.Choice(definitionId, formId, field, c.Value) }).ToList();
                break;
            case FieldType.List:
                item.Repeats = true;
                item.Item = field.ItemFields.Select(f => Item(definitionId, form, f)).ToList();
                break;
            case FieldType.Text when field.MaxLength is { } maxLength:
                item.MaxLength = maxLength;
                break;
            case FieldType.Computed:
                item.ReadOnly = true;
                if (field.Expression is { } rule && FormCodes.ToFhirPath(rule, form) is { } fhirPath)
                    item.Extension.Add(new Extension(FormCodes.CalculatedExpression, new Expression
                    {
                        Description = "Computed by ConsentFlow from the answers (engine rule: " + rule + ")",
                        Language = "text/fhirpath",
                        Expression_ = fhirPath,
                    }));
                break;
        }
        if (field.Type == FieldType.Number && field.Unit is { } unit)
            item.Extension.Add(new Extension(FormCodes.UnitExtension, FormCodes.Ucum(unit) is { } ucum ? new Coding(FhirCodes.Ucum, ucum, unit) : new Coding { Display = unit }));
        return item;
    }

    public static Questionnaire.QuestionnaireItemType ItemType(FieldDefinition field) => field.Type switch
    {
        FieldType.Number when field.Unit is not null => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Quantity,
        FieldType.Number => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Decimal,
        FieldType.Date => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Date,
        FieldType.DateTime => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.DateTime,
        FieldType.YesNo => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Boolean,
        FieldType.Choice or FieldType.MultiChoice => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Choice,
        FieldType.Computed => FormCodes.ComputesCondition(field) ? Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Boolean : Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Integer,
        FieldType.Signature => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Attachment,
        FieldType.List => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.Group,
        _ => Hl7.Fhir.Model.Questionnaire.QuestionnaireItemType.String,
    };

    /// <summary>SDC launch context: the calculated expressions read the patient's birth date and sex as %patient.</summary>
    private static Extension PatientLaunchContext()
    {
        var context = new Extension { Url = FormCodes.LaunchContext };
        context.Extension.Add(new Extension("name", new Coding("http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext", "patient", "Patient")));
        context.Extension.Add(new Extension("type", new Code("Patient")));
        return context;
    }
}
