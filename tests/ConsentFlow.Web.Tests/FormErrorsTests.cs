using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Components.Forms;

namespace ConsentFlow.Web.Tests;

/// <summary>The banner and the field name a list entry's problem as people read it, in the screen's language.</summary>
public sealed class FormErrorsTests
{
    private static readonly FieldDefinition Medicines = new()
    {
        Id = "antithrombotics", Type = FieldType.List, Label = new LocalizedText { ["en"] = "Blood thinners", ["es"] = "Anticoagulantes" },
        ItemFields = [new FieldDefinition { Id = "lastDose", Type = FieldType.DateTime, Label = new LocalizedText { ["en"] = "Last dose taken", ["es"] = "Última dosis tomada" } }],
    };

    [Fact]
    public void An_entry_s_error_names_the_entry_field_and_its_number()
    {
        var refused = new FormValidationException("dayOf", [new FieldError("antithrombotics[1].lastDose", "must not be in the future")]);
        Assert.Equal("Last dose taken (entry 2): must not be in the future", FormErrors.From(refused, UiState.Default).For(Medicines, UiState.Default));
        var spanish = UiState.For("es");
        Assert.Equal("Última dosis tomada (n.º 2): no puede ser una fecha futura", FormErrors.From(refused, spanish).For(Medicines, spanish));
    }
}
