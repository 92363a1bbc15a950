using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Publishing;

/// <summary>The diff an administrator reviews before publishing, on real variants of the default workflow.</summary>
public sealed class DefinitionDiffTests
{
    private static readonly string DefaultJson = File.ReadAllText(RepositoryPaths.DefaultWorkflow);

    private static WorkflowDefinition Parse(string json) =>
        DefinitionParser.Parse(json, "variant").Definition ?? throw new InvalidOperationException("the variant does not parse");

    private static DefinitionChanges DiffOf(Action<JsonNode> edit)
    {
        var changed = JsonNode.Parse(DefaultJson)!;
        edit(changed);
        return DefinitionDiff.Compare(Parse(DefaultJson), Parse(changed.ToJsonString()));
    }

    private static JsonNode Step(JsonNode definition, string id) => definition["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!;
    private static JsonNode Form(JsonNode definition, string id) => definition["forms"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == id)!;

    [Fact]
    public void The_same_workflow_reformatted_has_no_change()
    {
        var reformatted = JsonNode.Parse(DefaultJson)!.ToJsonString();
        Assert.NotEqual(DefaultJson, reformatted);
        Assert.True(DefinitionDiff.Compare(Parse(DefaultJson), Parse(reformatted)).IsEmpty);
    }

    [Fact]
    public void A_shorter_apixaban_hold_shows_the_hours_before_and_after()
    {
        var diff = DiffOf(d => d["tables"]!["holdHours"]!["apixaban"] = 48);

        var change = Assert.Single(diff.Changes);
        Assert.Equal((DiffArea.Threshold, DiffKind.Changed, "holdHours.apixaban", "72", "48"), (change.Area, change.Kind, change.Subject, change.Before, change.After));
        Assert.Equal("Changed threshold holdHours.apixaban: 72 → 48", diff.Summary);
    }

    [Fact]
    public void A_field_added_to_the_sedation_screening_is_named_with_its_form()
    {
        var diff = DiffOf(d => Form(d, "sedation")["fields"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "spinalCordStimulator", ["type"] = "yesNo", ["label"] = new JsonObject { ["en"] = "Has a spinal cord stimulator", ["es"] = "Tiene un estimulador medular" },
        }));

        var change = Assert.Single(diff.Changes);
        Assert.Equal((DiffArea.Field, DiffKind.Added, "sedation.spinalCordStimulator"), (change.Area, change.Kind, change.Subject));
        Assert.Contains("Has a spinal cord stimulator", change.After);
    }

    [Fact]
    public void A_field_removed_and_fields_reordered_are_both_shown()
    {
        var diff = DiffOf(d =>
        {
            var fields = Form(d, "sedation")["fields"]!.AsArray();
            var first = fields[0]!;
            fields.RemoveAt(0);
            fields.RemoveAt(0);
            fields.Add(first);
        });

        Assert.Contains(diff.Changes, c => c is { Area: DiffArea.Field, Kind: DiffKind.Removed } && c.Subject.StartsWith("sedation.", StringComparison.Ordinal));
        Assert.Contains(diff.Changes, c => c is { Area: DiffArea.Field, Kind: DiffKind.Changed, Subject: "sedation", What: "field order" });
    }

    [Fact]
    public void Reassigning_the_imaging_review_to_the_surgeon_is_a_role_change()
    {
        var diff = DiffOf(d => Step(d, "imaging-review")["role"] = "surgeon");

        var change = Assert.Single(diff.Changes);
        Assert.Equal((DiffArea.Role, "imaging-review", "assigned role", "nurse", "surgeon"), (change.Area, change.Subject, change.What, change.Before, change.After));
    }

    [Fact]
    public void Overriding_a_sedation_hard_stop_by_the_surgeon_alone_is_a_role_change()
    {
        var diff = DiffOf(d => Step(d, "sedation-hard-stops")["overrideRoles"] = new JsonArray("surgeon"));

        Assert.Contains(diff.Changes, c => c is { Area: DiffArea.Role, Kind: DiffKind.Removed, Subject: "sedation-hard-stops", What: "override roles", Before: "anesthesiologist" });
    }

    [Fact]
    public void A_number_changed_inside_a_rule_is_shown_as_a_threshold()
    {
        var withMargin = (int hours) => (Action<JsonNode>)(d =>
        {
            var rule = Step(d, "sedation-hard-stops")["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "antithrombotic-hold")!;
            rule["when"] = rule["when"]!.GetValue<string>() + $" + {hours}";
        });
        var before = JsonNode.Parse(DefaultJson)!;
        withMargin(24)(before);
        var after = JsonNode.Parse(DefaultJson)!;
        withMargin(48)(after);

        var change = Assert.Single(DefinitionDiff.Compare(Parse(before.ToJsonString()), Parse(after.ToJsonString())).Changes);
        Assert.Equal((DiffArea.Threshold, "sedation-hard-stops › antithrombotic-hold"), (change.Area, change.Subject));
        Assert.Contains("numbers 24 → 48", change.What);
    }

    [Fact]
    public void A_rule_rewritten_is_shown_with_its_old_and_new_condition()
    {
        var diff = DiffOf(d => Step(d, "sedation-hard-stops")["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "asa-iv-v")!["when"] = "[sedation.asaClass] in ('III', 'IV', 'V')");

        var change = Assert.Single(diff.Changes);
        Assert.Equal((DiffArea.Rule, DiffKind.Changed, "sedation-hard-stops › asa-iv-v", "[sedation.asaClass] in ('III', 'IV', 'V')"),
            (change.Area, change.Kind, change.Subject, change.After));
    }

    [Fact]
    public void A_spanish_only_correction_of_a_label_is_a_message_change_in_spanish()
    {
        var diff = DiffOf(d => Form(d, "sedation")["fields"]![0]!["label"]!["es"] = "Fecha de la valoración");

        var change = Assert.Single(diff.Changes);
        Assert.Equal((DiffArea.Message, "sedation.screenedOn", "label (es)", "Fecha de la valoración"), (change.Area, change.Subject, change.What, change.After));
    }

    [Fact]
    public void A_step_added_and_a_step_removed_are_listed_as_steps()
    {
        var diff = DiffOf(d =>
        {
            var steps = d["steps"]!.AsArray();
            steps.Remove(Step(d, "declined"));
            steps.Add(new JsonObject { ["id"] = "withdrawn", ["kind"] = "end", ["outcome"] = "withdrawn" });
        });

        Assert.Contains(diff.Changes, c => c is { Area: DiffArea.Step, Kind: DiffKind.Removed, Subject: "declined" });
        Assert.Contains(diff.Changes, c => c is { Area: DiffArea.Step, Kind: DiffKind.Added, Subject: "withdrawn" });
    }

    [Fact]
    public void The_first_version_is_the_whole_workflow_added()
    {
        var diff = DefinitionDiff.Compare(null, Parse(DefaultJson));
        Assert.Equal(DiffKind.Added, Assert.Single(diff.Changes).Kind);
    }
}
