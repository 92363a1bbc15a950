using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Forms;

/// <summary>
/// The screen the nurse types into asks the engine what a submission would make of the answers so far: the same
/// expressions compute the scores, the same rules mark fields required, the same checks find range and date problems.
/// </summary>
public sealed class FormDraftTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task The_stop_bang_score_appears_as_soon_as_its_last_item_is_answered_and_matches_the_saved_score()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("sedation-screening");
        var draft = (await new FormDrafts(test.Engine.Contexts, test.Engine.Catalog, test.Clock).ForTaskAsync(task.Id, CancellationToken.None))!;

        var answers = patient.Answers("sedation-screening");
        answers.Remove("snoring");
        answers.Remove("neckCircumference");
        var partial = draft.Evaluate(answers);
        Assert.Null(partial.Computed["stopBangScore"]);
        Assert.Equal(["snoring", "neckCircumference"], partial.WaitingFor["stopBangScore"]);

        answers["snoring"] = true;
        answers["neckCircumference"] = 42;
        // Snoring, tired, pressure, neck over 40 cm, age over 50 (born 1968) and male: 6 (the case's facts count too).
        Assert.Equal(6m, draft.Evaluate(answers).Computed["stopBangScore"]);

        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["snoring"] = true, ["neckCircumference"] = 42 });
        Assert.Contains(await patient.OpenTasksAsync(), t => t.StepId == "anesthesia-escalation");
    }

    [Fact]
    public void Bmi_is_computed_from_height_and_weight_while_the_nurse_types()
    {
        var draft = Draft(Vitals, DateTime.UtcNow);

        var weightOnly = draft.Evaluate(new JsonObject { ["weight"] = 88 });
        Assert.Null(weightOnly.Computed["bmi"]);
        Assert.Equal(["height"], weightOnly.WaitingFor["bmi"]);

        Assert.Equal(27.8m, draft.Evaluate(new JsonObject { ["weight"] = 88, ["height"] = 178 }).Computed["bmi"]);
    }

    [Fact]
    public void A_weight_out_of_range_is_found_before_the_round_trip_with_the_server_s_sentence()
    {
        var evaluation = Draft(Vitals, DateTime.UtcNow).Evaluate(new JsonObject { ["weight"] = 400, ["height"] = 178 });
        Assert.Equal([new FieldError("weight", "must be at most 300 kg")], evaluation.For("weight"));
        Assert.Null(evaluation.Computed["bmi"]);
    }

    [Fact]
    public void A_conditionally_required_field_is_required_as_soon_as_the_answer_it_depends_on_is_given()
    {
        var draft = Draft(Vitals, DateTime.UtcNow);
        Assert.DoesNotContain("pregnancyTest", draft.Evaluate(new JsonObject { ["pregnancyPossible"] = false }).Required);
        var possible = draft.Evaluate(new JsonObject { ["pregnancyPossible"] = true });
        Assert.Contains("pregnancyTest", possible.Required);
        Assert.Contains(new FieldError("pregnancyTest", "is required"), possible.Errors);
    }

    [Theory]
    [InlineData("2026-05-12", true)]   // the day of the procedure
    [InlineData("2026-05-13", false)]  // the day after
    public void A_study_date_counts_by_the_procedure_day_in_the_case_s_time_zone(string studyDate, bool accepted)
    {
        // 19:30 in Chicago is already 13 May in UTC: the procedure's day is the clinic's, not the server's.
        var start = new DateTimeOffset(2026, 5, 12, 19, 30, 0, TimeSpan.FromHours(-5)).UtcDateTime;
        var evaluation = Draft(Imaging, start.AddHours(-1), start).Evaluate(new JsonObject { ["studyDate"] = studyDate });
        Assert.Equal(accepted ? [] : [new FieldError("studyDate", "must not be after the day of the procedure")], evaluation.Errors);
    }

    [Fact]
    public void A_last_dose_in_the_future_is_refused_naming_the_entry_and_one_taken_now_is_not()
    {
        var now = new DateTime(2026, 5, 4, 13, 0, 0, DateTimeKind.Utc);
        var draft = Draft(Medicines, now);
        JsonObject Dose(DateTime at) => new() { ["antithrombotics"] = new JsonArray(new JsonObject { ["drug"] = "apixaban", ["lastDose"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ") }) };

        Assert.Empty(draft.Evaluate(Dose(now)).Errors);
        Assert.Equal([new FieldError("antithrombotics[0].lastDose", "must not be in the future")], draft.Evaluate(Dose(now.AddMinutes(1))).Errors);
    }

    [Fact]
    public async Task The_runtime_refuses_imaging_dated_after_the_procedure_as_a_field_error()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddHours(-1));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var refused = await Assert.ThrowsAsync<FormValidationException>(() =>
            patient.SubmitAsync("imaging-review", TestEngine.Nurse, new JsonObject { ["studyDate"] = "2026-05-13" }));
        Assert.Equal([new FieldError("studyDate", "must not be after the day of the procedure")], refused.Errors);
        await patient.SubmitAsync("imaging-review", TestEngine.Nurse, new JsonObject { ["studyDate"] = "2026-05-12" });
    }

    [Fact]
    public void Not_after_on_a_field_that_is_not_a_date_is_a_definition_problem()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "peld-consent.workflow.json"))
            .Replace("\"id\": \"bmi\", \"type\": \"number\",", "\"id\": \"bmi\", \"type\": \"number\", \"notAfter\": [\"now\"],");
        var (_, problems) = DefinitionLoader.Check(text, "peld-consent.workflow.json");
        Assert.Contains(problems, p => p.JsonPath.EndsWith(".notAfter", StringComparison.Ordinal) && p.Message.Contains("date"));
    }

    private static readonly FormDefinition Vitals = new()
    {
        Id = "vitals", Title = Text("Vitals"),
        Fields =
        [
            new FieldDefinition { Id = "height", Type = FieldType.Number, Label = Text("Height"), Unit = "cm", Min = 100, Max = 250, Required = true },
            new FieldDefinition { Id = "weight", Type = FieldType.Number, Label = Text("Weight"), Unit = "kg", Min = 25, Max = 300, Required = true },
            new FieldDefinition { Id = "bmi", Type = FieldType.Computed, Label = Text("BMI"), Expression = "round([vitals.weight] / (([vitals.height] / 100) * ([vitals.height] / 100)), 1)" },
            new FieldDefinition { Id = "pregnancyPossible", Type = FieldType.YesNo, Label = Text("Could be pregnant") },
            new FieldDefinition
            {
                Id = "pregnancyTest", Type = FieldType.Choice, Label = Text("hCG"), RequiredWhen = "[vitals.pregnancyPossible]",
                Choices = [new ChoiceOption("negative", Text("Negative")), new ChoiceOption("positive", Text("Positive"))],
            },
        ],
    };

    private static readonly FormDefinition Imaging = new()
    {
        Id = "imaging", Title = Text("Imaging"),
        Fields = [new FieldDefinition { Id = "studyDate", Type = FieldType.Date, Label = Text("Study date"), Required = true, NotAfter = [DateBound.Now, DateBound.ProcedureStart] }],
    };

    private static readonly FormDefinition Medicines = new()
    {
        Id = "medicines", Title = Text("Medicines"),
        Fields =
        [
            new FieldDefinition
            {
                Id = "antithrombotics", Type = FieldType.List, Label = Text("Blood thinners"),
                ItemFields =
                [
                    new FieldDefinition { Id = "drug", Type = FieldType.Choice, Label = Text("Drug"), Required = true, Choices = [new ChoiceOption("apixaban", Text("Apixaban"))] },
                    new FieldDefinition { Id = "lastDose", Type = FieldType.DateTime, Label = Text("Last dose"), Required = true, NotAfter = [DateBound.Now] },
                ],
            },
        ],
    };

    private static FormDraft Draft(FormDefinition form, DateTime utcNow, DateTime? scheduledStartUtc = null)
    {
        var facts = new Dictionary<string, object?> { ["case.scheduledStart"] = scheduledStartUtc ?? utcNow.AddDays(7) };
        var context = new RuleContext(facts, new Dictionary<string, IReadOnlyDictionary<string, decimal>>(), utcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
        return new FormDraft(form, context, new FixedClock(utcNow));
    }

    private static LocalizedText Text(string english) => new() { ["en"] = english };

    private sealed class FixedClock(DateTime utcNow) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utcNow, TimeSpan.Zero);
    }
}
