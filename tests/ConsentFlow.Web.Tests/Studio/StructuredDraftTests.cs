using ConsentFlow.Web.Studio.Editing;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Studio;

public sealed class StructuredDraftTests
{
    private static readonly string DefaultWorkflow = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"));

    private static StructuredDraft Draft() => StructuredDraft.TryParse(DefaultWorkflow)!;

    private static StructuredDraft Reread(StructuredDraft draft) => StructuredDraft.TryParse(draft.ToJson())!;

    [Fact]
    public void An_added_field_appears_at_the_end_of_its_form_and_the_draft_stays_valid()
    {
        var draft = Draft();
        draft.AddField("imaging", "reportReviewed", "yesNo", "Report reviewed", "Informe revisado");

        var field = Reread(draft).Forms.Single(f => f.Id == "imaging").Fields[^1];
        Assert.Equal(("reportReviewed", "yesNo", "Report reviewed", "Informe revisado"), (field.Id, field.Type, field.LabelEn, field.LabelEs));
        Assert.True(DraftCheck.Run(draft.ToJson()).IsValid);
    }

    [Fact]
    public void A_field_cannot_be_added_twice()
    {
        var draft = Draft();
        Assert.Throws<StructuredEditException>(() => draft.AddField("imaging", "studyDate", "date", "Again", "Otra vez"));
    }

    [Fact]
    public void Moving_a_field_up_swaps_it_with_the_one_before_and_stops_at_the_top()
    {
        var draft = Draft();
        var before = draft.Forms.Single(f => f.Id == "imaging").Fields.Select(f => f.Id).ToList();

        draft.MoveField("imaging", before[1], -1);
        draft.MoveField("imaging", before[1], -1);

        var after = Reread(draft).Forms.Single(f => f.Id == "imaging").Fields.Select(f => f.Id).ToList();
        Assert.Equal([before[1], before[0], .. before.Skip(2)], after);
    }

    [Fact]
    public void A_field_that_a_rule_reads_cannot_be_removed_without_the_validation_saying_so()
    {
        var draft = Draft();
        draft.RemoveField("imaging", "level");

        Assert.DoesNotContain(Reread(draft).Forms.Single(f => f.Id == "imaging").Fields, f => f.Id == "level");
        Assert.Contains(DraftCheck.Run(draft.ToJson()).Problems, p => p.Message.Contains("imaging.level"));
    }

    [Fact]
    public void Labels_and_help_are_edited_per_language_and_empty_help_is_removed()
    {
        var draft = Draft();
        draft.SetFieldText("imaging", "studyDate", "label", "es", "Fecha de la imagen");
        draft.SetFieldText("imaging", "studyDate", "help", "en", "");
        draft.SetFieldText("imaging", "studyDate", "help", "es", "");

        var field = Reread(draft).Forms.Single(f => f.Id == "imaging").Fields.Single(f => f.Id == "studyDate");
        Assert.Equal(("Study date", "Fecha de la imagen", "", ""), (field.LabelEn, field.LabelEs, field.HelpEn, field.HelpEs));
        Assert.DoesNotContain("Must be within 6 months of the procedure.", draft.ToJson());
        Assert.True(DraftCheck.Run(draft.ToJson()).IsValid);
    }

    [Fact]
    public void The_thresholds_table_lists_every_number_of_the_definition_tables_and_edits_one()
    {
        var draft = Draft();
        Assert.Contains(draft.Thresholds, t => t is { Table: "holdHours", Key: "clopidogrel", Value: 168 });
        Assert.Contains(draft.Thresholds, t => t is { Table: "settings", Key: "inrMax", Value: 1.4m });

        draft.SetThreshold("holdHours", "clopidogrel", 170);

        Assert.Contains(Reread(draft).Thresholds, t => t is { Table: "holdHours", Key: "clopidogrel", Value: 170 });
        Assert.Throws<StructuredEditException>(() => draft.SetThreshold("holdHours", "unknownDrug", 1));
    }

    [Fact]
    public void A_step_can_be_reassigned_only_to_a_declared_role()
    {
        var draft = Draft();
        draft.SetStepRole("teach-back", "surgeon");

        Assert.Equal("surgeon", Reread(draft).Assignments.Single(a => a.StepId == "teach-back").Role);
        Assert.Throws<StructuredEditException>(() => draft.SetStepRole("teach-back", "janitor"));
    }

    [Fact]
    public void Override_roles_of_a_hard_stop_are_edited_as_a_set()
    {
        var draft = Draft();
        draft.SetOverrideRoles("imaging-checks", ["surgeon", "anesthesiologist"]);

        Assert.Equal(["surgeon", "anesthesiologist"], Reread(draft).Assignments.Single(a => a.StepId == "imaging-checks").OverrideRoles!);
        Assert.Throws<StructuredEditException>(() => draft.SetOverrideRoles("imaging-checks", []));
    }

    [Fact]
    public void Text_that_is_not_a_json_object_cannot_be_edited_structurally()
    {
        Assert.Null(StructuredDraft.TryParse("{ broken"));
        Assert.Null(StructuredDraft.TryParse("[1, 2]"));
    }
}
