using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Scenarios;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Rules;

/// <summary>
/// The default workflow's safety rules (hard stops and escalations) with the values an uneventful patient gives, and
/// for each input the values it could take: the material for properties that must hold over every rule.
/// </summary>
internal sealed class SafetyRuleInputs
{
    private static readonly DateTime Start = ScenarioCase.DefaultScheduledStart.UtcDateTime;
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private SafetyRuleInputs(WorkflowDefinition definition, IReadOnlyDictionary<string, object?> typical)
    {
        Definition = definition;
        Typical = typical;
    }

    public WorkflowDefinition Definition { get; }
    public IReadOnlyDictionary<string, object?> Typical { get; }

    public static async Task<SafetyRuleInputs> LoadAsync()
    {
        var (definition, problems) = DefinitionLoader.Check(await File.ReadAllTextAsync(RepositoryPaths.DefaultWorkflow), RepositoryPaths.DefaultWorkflow);
        Assert.Empty(problems);
        var answers = await AnswerBook.LoadAsync(Path.Combine(RepositoryPaths.Workflows, AnswerBook.TypicalAnswersFile), CancellationToken.None);
        var values = new Dictionary<string, object?>
        {
            ["case.procedure"] = "Percutaneous endoscopic lumbar discectomy", ["case.cpt"] = "62380", ["case.level"] = "L4-L5",
            ["case.side"] = "left", ["case.approach"] = "transforaminal", ["case.surgeon"] = "Dr. M. Okafor", ["case.sedationPlan"] = "moderate",
            ["case.scheduledStart"] = Start, ["case.birthDate"] = new DateTime(1968, 4, 2), ["case.sex"] = "M", ["case.language"] = "en",
            // A typical entry for rules that read one list entry at a time.
            ["item.drug"] = "apixaban", ["item.lastDose"] = Start.AddDays(-10),
        };
        foreach (var step in definition!.Steps.Where(s => s.Form is not null && s.Kind is StepKind.HumanTask or StepKind.Escalation))
        {
            var form = definition.FindForm(step.Form!)!;
            var submitted = answers.For(step.Id, null, null, ScenarioCase.DefaultScheduledStart, ScenarioCase.DefaultScheduledStart.AddDays(-1));
            var normalized = FormValidator.Validate(form, submitted, typed => Context(definition, Merge(values, typed)));
            foreach (var field in form.Fields) values[$"{form.Id}.{field.Id}"] = FieldValues.Read(field, normalized[field.Id]).Value;
        }
        return new SafetyRuleInputs(definition, values);
    }

    /// <summary>Every hard-stop rule and escalation condition, named by where it sits in the definition.</summary>
    public IEnumerable<(string Name, Rule Rule)> Rules() =>
        Definition.Steps.SelectMany(step => step.Kind switch
        {
            StepKind.HardStop => step.Rules.Select(r => ($"{step.Id}/{r.Id}", Rule.Parse(r.When))),
            StepKind.Escalation when step.When is { } when => [($"{step.Id}/when", Rule.Parse(when))],
            _ => [],
        });

    public RuleContext Context(IReadOnlyDictionary<string, object?> values) => Context(Definition, values);

    private static RuleContext Context(WorkflowDefinition definition, IReadOnlyDictionary<string, object?> values) =>
        new(values, definition.Tables, Start.AddDays(-1), Zone);

    public static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, object?> changes)
    {
        var merged = new Dictionary<string, object?>(values);
        foreach (var (key, value) in changes) merged[key] = value;
        return merged;
    }

    /// <summary>Values an input could take: every choice, both answers, numbers at common clinical thresholds, times around the start.</summary>
    public IReadOnlyList<object?> Candidates(string input)
    {
        var field = Field(input);
        if (field is null) return Typical[input] is bool ? [true, false] : Numbers(0, 10);
        return field.Type switch
        {
            FieldType.Choice => field.Choices.Select(c => (object?)c.Value).ToList(),
            FieldType.MultiChoice => field.Choices.Select(c => (object?)new[] { c.Value }).ToList(),
            FieldType.YesNo => [true, false],
            FieldType.Number => Numbers(field.Min ?? 0, field.Max ?? 300),
            FieldType.Computed => Typical.GetValueOrDefault(input) is bool ? [true, false] : Numbers(0, 10),
            FieldType.Date => DaysAroundStart.Select(d => (object?)Start.Date.AddDays(d)).ToList(),
            FieldType.DateTime => HoursAroundStart.Select(h => (object?)Start.AddHours(h)).ToList(),
            FieldType.List => Lists(field),
            _ => ["text"],
        };
    }

    /// <summary>
    /// An answer its form asks for only under a condition that does not hold here (the day-of hCG when screening found
    /// no possible pregnancy): its absence is a real answer, not an unknown.
    /// </summary>
    public bool NotAskedIn(IReadOnlyDictionary<string, object?> values, string input) =>
        Field(input) is { Required: false, RequiredWhen: { } condition } && Rule.Parse(condition).Check(Context(values)).Verdict == Verdict.DoesNotHold;

    private FieldDefinition? Field(string input)
    {
        var dot = input.IndexOf('.');
        var (owner, id) = (input[..dot], input[(dot + 1)..]);
        return owner + "." == StopRule.ItemPrefix
            ? Definition.Forms.SelectMany(f => f.Fields).SelectMany(f => f.ItemFields).FirstOrDefault(f => f.Id == id)
            : Definition.FindForm(owner)?.FindField(id);
    }

    private static readonly int[] DaysAroundStart = [-400, -367, -366, -200, -184, -183, -182, -181, -30, -15, -14, -3, -2, -1, 0, 1];
    private static readonly double[] HoursAroundStart = [-300, -240, -168, -144, -120, -96, -72, -48, -47, -24, -12, -8, -6, -2, -1.5, -1, 0, 1];

    private static List<object?> Numbers(decimal min, decimal max) =>
        new decimal[] { 0, 1, 1.4m, 1.5m, 2, 3, 4, 5, 6, 8, 10, 35, 36, 37.9m, 38, 39, 40, 41, 50, 80, 100, 200 }
            .Append(min).Append(max).Where(n => n >= min && n <= max).Distinct().Select(n => (object?)n).ToList();

    private static List<object?> Lists(FieldDefinition list)
    {
        var drugs = list.FindItemField("drug")?.Choices.Select(c => c.Value) ?? [];
        var lists = new List<object?> { new ListAnswer([]) };
        foreach (var drug in drugs)
            foreach (var hours in new[] { -24.0, -400.0 })
                lists.Add(new ListAnswer([new Dictionary<string, object?> { ["drug"] = drug, ["lastDose"] = Start.AddHours(hours) }]));
        return lists;
    }
}
