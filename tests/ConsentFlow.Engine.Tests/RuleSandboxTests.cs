using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Tests;

public sealed class RuleSandboxTests
{
    private static readonly RuleContext Empty = new(new Dictionary<string, object?>(), new Dictionary<string, IReadOnlyDictionary<string, decimal>>(), DateTime.UtcNow, TimeZoneInfo.Utc);

    [Theory]
    [InlineData("Environment.Exit(1)")]
    [InlineData("typeof(System.IO.File)")]
    [InlineData("[case.level].GetType()")]
    public void A_rule_cannot_reach_dotnet_members(string text)
    {
        var rule = Rule.Parse(text);
        Assert.NotNull(rule.Error);
        Assert.Throws<RuleEvaluationException>(() => rule.Evaluate(Empty));
    }

    [Fact]
    public void A_rule_may_only_call_the_clinic_functions_and_arithmetic_built_ins()
    {
        Assert.Contains("unknown function 'readFile'", Rule.Parse("readFile('x') == 1").Error);
        Assert.Null(Rule.Parse("Round(daysBetween([a.b], [c.d]) / 7, 1) > 2").Error);
        Assert.Equal(2.5m, Rule.Parse("round(5 / 2, 1)").Evaluate(Empty) is var value ? Convert.ToDecimal(value) : 0);
    }

    [Fact]
    public void An_overlong_rule_is_refused_so_evaluation_stays_bounded()
    {
        var text = string.Join(" + ", Enumerable.Repeat("1", 1500));
        Assert.Contains("longer than", Rule.Parse(text).Error);
    }

    [Fact]
    public void A_rule_over_an_unanswered_field_does_not_hold()
    {
        Assert.False(Rule.Parse("[sedation.stopBangScore] >= 5").Holds(Empty));
    }
}
