using System.Text.Json.Nodes;
using ConsentFlow.Engine.Expressions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Rules;

/// <summary>Issue 7, rule 10: a safety rule that cannot be evaluated must never pass silently.</summary>
public sealed class FailClosedRuleTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>
    /// The property, over every hard-stop rule and escalation condition of the default workflow, for every input each
    /// reads, from the typical answers and from every single-input variation of them: with that input unknown, the rule
    /// either reports the input as unknown, or it does not hold for any value the input could have taken.
    /// </summary>
    [Fact]
    public async Task No_safety_rule_of_the_default_workflow_passes_on_an_input_it_does_not_know()
    {
        var inputs = await SafetyRuleInputs.LoadAsync();
        var violations = new List<string>();
        var checkedRules = 0;

        foreach (var (name, rule) in inputs.Rules())
        {
            checkedRules++;
            var reads = rule.Parameters.Where(p => !p.StartsWith("case.", StringComparison.Ordinal)).ToList();
            var starts = new List<IReadOnlyDictionary<string, object?>> { inputs.Typical };
            foreach (var input in reads)
                starts.AddRange(inputs.Candidates(input).Select(value => SafetyRuleInputs.Merge(inputs.Typical, new Dictionary<string, object?> { [input] = value })));

            foreach (var start in starts)
                foreach (var unknown in reads.Where(input => !inputs.NotAskedIn(start, input)))
                {
                    var withUnknown = rule.Check(inputs.Context(SafetyRuleInputs.Merge(start, new Dictionary<string, object?> { [unknown] = null })));
                    if (withUnknown.Verdict != Verdict.DoesNotHold) continue;
                    var firesFor = inputs.Candidates(unknown).FirstOrDefault(value =>
                        rule.Check(inputs.Context(SafetyRuleInputs.Merge(start, new Dictionary<string, object?> { [unknown] = value }))).Verdict != Verdict.DoesNotHold);
                    if (firesFor is not null)
                        violations.Add($"{name}: passes with '{unknown}' unknown, but stops when it is {MessageTemplate.Format(firesFor, TimeZoneInfo.Utc)}");
                }
        }

        Assert.True(checkedRules >= 20, $"only {checkedRules} safety rules found");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct().Take(20)));
    }

    [Fact]
    public void A_rule_reads_an_unanswered_input_only_when_its_result_depends_on_it()
    {
        var context = Context(new() { ["sedation.asaClass"] = "II" });

        Assert.Equal(Verdict.DoesNotHold, Rule.Parse("[sedation.asaClass] == 'IV' && [sedation.bmi] > 40").Check(context).Verdict);
        var unknown = Rule.Parse("[sedation.asaClass] == 'II' && [sedation.bmi] > 40").Check(context);
        Assert.Equal(Verdict.Unknown, unknown.Verdict);
        Assert.Equal("sedation.bmi", unknown.UnknownInput!.Field);
    }

    [Fact]
    public void A_key_missing_from_a_lookup_table_is_unknown_not_zero()
    {
        var check = Rule.Parse("hoursBetween([item.lastDose], now()) < lookup('holdHours', [item.drug])")
            .Check(Context(new() { ["item.lastDose"] = DateTime.UtcNow.AddDays(-1), ["item.drug"] = "vorapaxar" }));

        Assert.Equal(Verdict.Unknown, check.Verdict);
        Assert.Equal(new UnknownInput(Table: "holdHours", Key: "vorapaxar"), check.UnknownInput);
    }

    [Fact]
    public async Task A_drug_missing_from_the_hold_table_stops_the_case_and_names_who_must_decide()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        await DefinitionVariants.PublishDefaultWithAsync(test, "\"apixaban\": 72, ", "");
        var patient = await PeldCase.StartAsync(test, ProcedureStart);

        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject
        {
            ["antithrombotics"] = new JsonArray(new JsonObject { ["drug"] = "apixaban", ["lastDose"] = "@start-30d" }),
        });

        var readiness = await patient.ReadinessAsync();
        Assert.Equal(ReadinessState.Blocked, readiness.State);
        Assert.Contains(readiness.Blockers, b => b.Message ==
            "Cannot check 'antithrombotic-hold': 'apixaban' in the 'holdHours' table is not known. The surgeon and the anesthesiologist must decide.");
        Assert.NotNull(await patient.FindTaskAsync("sedation-hard-stops"));
    }

    [Fact]
    public async Task An_escalation_that_cannot_be_decided_goes_to_its_reviewer_saying_what_is_unknown()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        await DefinitionVariants.PublishDefaultWithAsync(test, "{ \"id\": \"canLieProne\", \"type\": \"yesNo\", \"required\": true,", "{ \"id\": \"canLieProne\", \"type\": \"yesNo\",");
        var patient = await PeldCase.StartAsync(test, ProcedureStart);

        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject { ["canLieProne"] = null });

        var review = await patient.TaskAsync("anesthesia-escalation");
        Assert.Equal(["anesthesiologist"], review.Roles);
        Assert.Equal("Cannot check 'anesthesia-escalation': 'Can lie face down for about an hour and cooperate' (Sedation screening) is not known. "
            + "The anesthesiologist must decide.", review.Reason);
    }

    private static RuleContext Context(Dictionary<string, object?> values) =>
        new(values, new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["holdHours"] = new Dictionary<string, decimal> { ["apixaban"] = 72 } },
            DateTime.UtcNow, TimeZoneInfo.Utc);
}
