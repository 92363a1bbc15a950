using System.Text.Json.Nodes;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Cli;

/// <summary>
/// The default workflow with one mistake each, as an administrator might make it. Step indexes refer to the default
/// file: $.steps[1] is imaging-review, $.steps[2] is imaging-checks.
/// </summary>
public static class BrokenDefinitions
{
    /// <summary>Name → (the mistake, the start of the line validate must print after the file name).</summary>
    public static readonly IReadOnlyDictionary<string, (Action<JsonObject> Break, string Expected)> All =
        new Dictionary<string, (Action<JsonObject>, string)>
        {
            ["transition-to-missing-step"] = (d => Step(d, 1)["next"] = "imaging-check", "$.steps[1].next: goes to step 'imaging-check', which does not exist"),
            ["duplicate-step-id"] = (d => Step(d, 2)["id"] = "imaging-review", "$.steps[2].id: duplicate step id 'imaging-review'"),
            ["unreachable-step"] = (d => Steps(d).Add(JsonNode.Parse("""
                { "id": "orphan", "kind": "end", "title": { "en": "Orphan", "es": "Huérfano" }, "outcome": "ready" }
                """)), "$.steps[{last}]: step 'orphan' cannot be reached from the start step"),
            ["unknown-role"] = (d => Step(d, 1)["role"] = "administrator", "$.steps[1].role: role 'administrator' is not declared in $.roles"),
            ["unknown-form"] = (d => Step(d, 1)["form"] = "xray", "$.steps[1].form: form 'xray' is not defined in $.forms"),
            ["rule-names-undefined-field"] = (d => Rule(d, 2, 0, "[imaging.levle] != [case.level]"),
                "$.steps[2].rules[0].when: rule names 'imaging.levle', which no form defines"),
            ["rule-does-not-parse"] = (d => Rule(d, 2, 0, "[imaging.level] != ("), "$.steps[2].rules[0].when: rule does not parse"),
            ["schema-error"] = (d => Step(d, 1)["dueInHours"] = "soon", "$.steps[1]"),
            ["lookup-misspelt-table"] = (d => Rule(d, 2, 2, "[imaging.studyDate] < addMonths(dateOf([case.scheduledStart]), -lookup('setings', 'imagingRecencyMonths'))"),
                "$.steps[2].rules[2].when: lookup(...) names table 'setings', which $.tables does not define"),
            ["lookup-misspelt-key"] = (d => Rule(d, 2, 2, "[imaging.studyDate] < addMonths(dateOf([case.scheduledStart]), -lookup('settings', 'imagingRecencyMonth'))"),
                "$.steps[2].rules[2].when: table 'settings' has no key 'imagingRecencyMonth'"),
            ["lookup-table-not-constant"] = (d => Rule(d, 2, 2, "lookup([imaging.modality], 'MRI') > 1"),
                "$.steps[2].rules[2].when: lookup(...) must name its table as a constant"),
            ["for-each-over-a-field-that-is-not-a-list"] = (d => Step(d, 2)["rules"]![0]!["forEach"] = "imaging.level",
                "$.steps[2].rules[0].forEach: 'imaging.level' is not a list field"),
            ["late-message-without-override-roles"] = (d => Step(d, 1)["lateMessage"] = JsonNode.Parse("""{ "en": "Late.", "es": "Tarde." }"""),
                "$.steps[1].lateMessage: a late message needs overrideRoles"),
            ["field-named-submitted-at"] = (d => d["forms"]![0]!["fields"]![0]!["id"] = "submittedAt",
                "$.forms[0].fields[0].id: 'submittedAt' is reserved"),
            ["refusal-showing-an-answer"] = (d => Step(d, 1)["acceptOnlyWhen"] = JsonNode.Parse("""
                [{ "id": "recent", "when": "[imaging.studyDate] > addDays(now(), -30)", "message": { "en": "Study {imaging.studyDate} is old.", "es": "Estudio {imaging.studyDate} antiguo." } }]
                """), "$.steps[1].acceptOnlyWhen[0].message.en: a refusal is an error message and may not show answers"),
            ["item-field-outside-for-each"] = (d => Rule(d, 2, 0, "[item.drug] == 'aspirin'"),
                "$.steps[2].rules[0].when: rule names 'item.drug', but only a rule with forEach has entries"),
        };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys) data.Add(name);
        return data;
    }

    /// <summary>Writes the broken copy into <paramref name="folder"/> and returns its path and the expected line.</summary>
    public static (string File, string ExpectedLine) Write(string folder, string name)
    {
        var definition = (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.DefaultWorkflow))!;
        definition["id"] = "broken-" + name; // distinct ids, so a folder of broken copies has no duplicate-id noise
        var (breakIt, expected) = All[name];
        breakIt(definition);
        var file = Path.Combine(folder, $"{name}.workflow.json");
        File.WriteAllText(file, definition.ToJsonString());
        return (file, $"{file}: {expected.Replace("{last}", (Steps(definition).Count - 1).ToString())}");
    }

    private static JsonArray Steps(JsonObject definition) => definition["steps"]!.AsArray();

    private static JsonObject Step(JsonObject definition, int index) => Steps(definition)[index]!.AsObject();

    private static void Rule(JsonObject definition, int step, int rule, string when) => Step(definition, step)["rules"]![rule]!["when"] = when;
}
