using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Components.Localization;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Tests.Localization;

/// <summary>Every word the data carries as an English code has its Spanish; a new role or status without one fails here.</summary>
public sealed class VocabularyTests
{
    public static TheoryData<string> Codes()
    {
        var codes = new TheoryData<string>();
        foreach (var code in StaffRoles.All.Concat([TaskActors.Patient, TaskActors.Witness, TaskActors.Interpreter])
                     .Concat(Enum.GetNames<ConsentStatus>()).Concat(Enum.GetNames<InstanceStatus>())
                     .Concat(["left", "right", "bilateral", "transforaminal", "moderate", "current", "superseded", "Percutaneous endoscopic lumbar discectomy"]))
            codes.Add(code);
        return codes;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_shown_to_people_has_a_spanish_word(string code)
    {
        Assert.True(Vocabulary.Spanish.TryGetValue(code, out var spanish) && !string.IsNullOrWhiteSpace(spanish), $"'{code}' has no Spanish in Vocabulary");
    }

    [Theory]
    [InlineData("is required", "es obligatorio")]
    [InlineData("must be at least 30 kg", "debe ser como mínimo 30 kg")]
    [InlineData("must be at most 250", "debe ser como máximo 250")]
    [InlineData("must be a number", "debe ser un número")]
    public void Field_messages_the_engine_gives_in_english_are_shown_in_spanish(string english, string spanish)
    {
        Assert.Equal(spanish, UiState.For("es").Message(english));
        Assert.Equal(english, UiState.For("en").Message(english));
    }

    [Fact]
    public void Spanish_sentences_from_the_engine_name_roles_in_spanish()
    {
        var es = UiState.For("es");
        Assert.Equal("Firmar el consentimiento (paciente): pendiente de testigo o cirujano/a",
            es.Sentence("Firmar el consentimiento (patient): pendiente de witness o surgeon"));
        Assert.Equal("Sign consent (patient)", UiState.Default.Sentence("Sign consent (patient)"));
    }

    [Fact]
    public void Case_times_are_culture_aware_and_name_the_case_time_zone()
    {
        var utc = new DateTime(2026, 5, 4, 12, 30, 0, DateTimeKind.Utc);
        Assert.Equal("Mon 4 May 2026, 07:30 (Chicago)", UiState.Default.Time(utc, "America/Chicago"));
        Assert.StartsWith("lun", UiState.For("es").Time(utc, "America/Chicago"));
        Assert.Contains("may", UiState.For("es").Time(utc, "America/Chicago"));
    }
}
