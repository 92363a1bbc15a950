using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>A date that cannot be true for the case is refused by the API with a 400 naming the field, never echoing the date.</summary>
[Collection(AppCollection.Name)]
public sealed class DateAnswerTests(RunningApp app)
{
    [Fact]
    public async Task Imaging_dated_the_day_after_the_procedure_is_a_400_naming_the_study_date()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var dayAfter = patientCase.ScheduledStart.AddDays(1).ToString("yyyy-MM-dd");
        using var response = await patientCase.SubmitAsync("imaging-review", CaseDriver.Nurse, new JsonObject { ["studyDate"] = dayAfter });

        var problem = await ApiClient.ReadAsync(response, 400);
        Assert.Equal(["studyDate"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("must not be after the day of the procedure", problem["errors"]!["studyDate"]![0]!.GetValue<string>());
        Assert.DoesNotContain(dayAfter, problem.ToJsonString());
    }
}
