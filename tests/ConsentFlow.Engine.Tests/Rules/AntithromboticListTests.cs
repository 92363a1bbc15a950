using System.Text.Json.Nodes;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Rules;

/// <summary>Issue 7, rule 6: antithrombotics are a list of drugs, each with its last dose.</summary>
public sealed class AntithromboticListTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task The_consent_text_reads_the_list_as_the_drugs_on_it_or_none()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var onTwo = await PeldCase.StartAsync(test, ProcedureStart);
        var onNone = await PeldCase.StartAsync(test, ProcedureStart);

        await onTwo.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject
        {
            ["antithrombotics"] = new JsonArray(
                new JsonObject { ["drug"] = "aspirin", ["lastDose"] = "@start-7d" },
                new JsonObject { ["drug"] = "clopidogrel", ["lastDose"] = "@start-8d" }),
        });
        await onNone.SubmitAsync("sedation-screening", TestEngine.Nurse);

        Assert.Equal("aspirin, clopidogrel", (await Facts(onTwo)).Answers["sedation.antithrombotics"]);
        Assert.Equal("none", (await Facts(onNone)).Answers["sedation.antithrombotics"]);
    }

    [Fact]
    public async Task An_entry_without_its_last_dose_is_refused_naming_the_entry()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);

        var error = await Assert.ThrowsAsync<FormValidationException>(() => patient.SubmitAsync("sedation-screening", TestEngine.Nurse, new JsonObject
        {
            ["antithrombotics"] = new JsonArray(
                new JsonObject { ["drug"] = "aspirin", ["lastDose"] = "@start-7d" },
                new JsonObject { ["drug"] = "vorapaxar", ["lastDose"] = "@start-7d" },
                new JsonObject { ["drug"] = "apixaban" }),
        }));

        Assert.Contains(error.Errors, e => e.Field == "antithrombotics[1].drug" && e.Message.StartsWith("must be one of") && !e.Message.Contains("vorapaxar"));
        Assert.Contains(error.Errors, e => e.Field == "antithrombotics[2].lastDose" && e.Message == "is required");
    }

    private static Task<ConsentSnapshot> Facts(PeldCase patient) =>
        patient.Test.Runtime.GetConsentFactsAsync(patient.InstanceId, "en", CancellationToken.None);
}
