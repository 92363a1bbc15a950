using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Web.Components.Forms;

namespace ConsentFlow.Web.Tests;

/// <summary>A conditionally required field shows it is required as soon as the answers on screen make it so.</summary>
public sealed class LiveRequirementTests
{
    private static FieldDefinition Field(string requiredWhen) => new()
    {
        Id = "details", Type = FieldType.Text, Label = new LocalizedText { ["en"] = "Details" }, RequiredWhen = requiredWhen,
    };

    [Fact]
    public void Allergy_details_become_required_once_other_is_ticked()
    {
        var details = Field("contains([sedation.allergies], 'other')");
        Assert.False(LiveRequirement.Holds(details, "sedation", new Dictionary<string, JsonNode?>()));
        Assert.False(LiveRequirement.Holds(details, "sedation", new Dictionary<string, JsonNode?> { ["allergies"] = new JsonArray("latex") }));
        Assert.True(LiveRequirement.Holds(details, "sedation", new Dictionary<string, JsonNode?> { ["allergies"] = new JsonArray("latex", "other") }));
    }

    [Fact]
    public void A_yes_no_condition_and_a_rule_on_case_data_the_screen_lacks()
    {
        var interpreter = Field("[consentDiscussion.interpreterUsed]");
        Assert.True(LiveRequirement.Holds(interpreter, "consentDiscussion", new Dictionary<string, JsonNode?> { ["interpreterUsed"] = true }));
        Assert.False(LiveRequirement.Holds(interpreter, "consentDiscussion", new Dictionary<string, JsonNode?> { ["interpreterUsed"] = false }));
        Assert.False(LiveRequirement.Holds(Field("[case.sedationPlan] == 'deep'"), "sedation", new Dictionary<string, JsonNode?>()));
    }
}
