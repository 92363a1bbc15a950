using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>The board over REST: pages with a continuation token, counts per state, search in a body; patients by MRN.</summary>
[Collection(AppCollection.Name)]
public sealed class WorklistApiTests(RunningApp app)
{
    private static JsonObject Case(string mrn, string surgeon, DateTimeOffset start, string birthDate = "1972-08-19")
    {
        var body = CaseDriver.NewCaseBody(mrn, start);
        body["surgeon"] = surgeon;
        body["patient"]!["birthDate"] = birthDate;
        return body;
    }

    private static string NewMrn() => "WL-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Theory]
    [InlineData("from", "9999-12-31")]
    [InlineData("from", "9999-12-25")]
    [InlineData("to", "9999-12-31")]
    [InlineData("from", "0001-01-01")]
    public async Task A_worklist_date_beyond_the_calendar_is_refused_naming_the_field(string field, string date)
    {
        var nurse = await app.ClientAsync(CaseDriver.Nurse);
        using var listed = await nurse.GetAsync($"/api/v1/cases?{field}={date}");
        var listErrors = (await ApiClient.ReadAsync(listed, 400))["errors"]!.AsObject();
        Assert.Equal([field], listErrors.Select(e => e.Key));
        Assert.StartsWith("must be a date between", listErrors[field]![0]!.GetValue<string>());

        using var searched = await nurse.PostAsync("/api/v1/cases/search", new JsonObject { [field] = date, ["search"] = "smi" });
        var searchErrors = (await ApiClient.ReadAsync(searched, 400))["errors"]!.AsObject();
        Assert.Equal([field], searchErrors.Select(e => e.Key));
        Assert.DoesNotContain("smi", searchErrors.ToJsonString());
    }

    [Fact]
    public async Task The_board_pages_with_a_continuation_token_counts_by_state_and_searches_in_a_body()
    {
        var scheduler = await app.ClientAsync(CaseDriver.Scheduler);
        var surgeon = "Dr. Page " + Guid.NewGuid().ToString("N")[..6];
        var mrns = new[] { NewMrn(), NewMrn(), NewMrn() };
        // Booked latest first: the list still comes back soonest first.
        for (var i = 0; i < mrns.Length; i++)
            using (var created = await scheduler.PostAsync("/api/v1/cases", Case(mrns[i], surgeon, DateTimeOffset.UtcNow.AddDays(5 - i))))
                await ApiClient.ReadAsync(created, 201);

        var nurse = await app.ClientAsync(CaseDriver.Nurse);
        var query = $"/api/v1/cases?surgeon={Uri.EscapeDataString(surgeon)}&pageSize=2";
        var first = await nurse.GetJsonAsync(query);
        Assert.Equal(3, first["counts"]!["all"]!.GetValue<int>());
        Assert.Equal(3, first["counts"]!["waiting"]!.GetValue<int>());
        Assert.Equal([mrns[2], mrns[1]], first["items"]!.AsArray().Select(i => i!["case"]!["patient"]!["mrn"]!.GetValue<string>()));
        var token = first["continuation"]!.GetValue<string>();
        var second = await nurse.GetJsonAsync(query + "&continuation=" + Uri.EscapeDataString(token));
        Assert.Equal([mrns[0]], second["items"]!.AsArray().Select(i => i!["case"]!["patient"]!["mrn"]!.GetValue<string>()));
        Assert.Null(second["continuation"]);
        Assert.Contains(second["items"]![0]!["openTasks"]!.AsArray(), t => t!["stepId"]!.GetValue<string>() == "imaging-review");

        using var found = await nurse.PostAsync("/api/v1/cases/search", new JsonObject { ["search"] = mrns[1] });
        var page = await ApiClient.ReadAsync(found, 200);
        Assert.Equal(mrns[1], Assert.Single(page["items"]!.AsArray())!["case"]!["patient"]!["mrn"]!.GetValue<string>());

        using var badState = await nurse.GetAsync("/api/v1/cases?state=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", await badState.Content.ReadAsStringAsync());
        using var badToken = await nurse.GetAsync("/api/v1/cases?continuation=made-up");
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
    }

    [Fact]
    public async Task A_second_case_for_a_known_MRN_links_to_the_patient_and_a_different_birth_date_is_a_409_naming_the_field()
    {
        var scheduler = await app.ClientAsync(CaseDriver.Scheduler);
        var mrn = NewMrn();
        using (var first = await scheduler.PostAsync("/api/v1/cases", Case(mrn, "Dr. M. Okafor", DateTimeOffset.UtcNow.AddDays(3))))
            await ApiClient.ReadAsync(first, 201);
        using (var second = await scheduler.PostAsync("/api/v1/cases", Case(mrn, "Dr. M. Okafor", DateTimeOffset.UtcNow.AddDays(40))))
            await ApiClient.ReadAsync(second, 201);

        using var lookup = await scheduler.PostAsync("/api/v1/patients/lookup", new JsonObject { ["mrn"] = mrn });
        var patient = await ApiClient.ReadAsync(lookup, 200);
        Assert.Equal(2, patient["caseCount"]!.GetValue<int>());
        Assert.Equal("Testcase", patient["familyName"]!.GetValue<string>());

        using var conflict = await scheduler.PostAsync("/api/v1/cases", Case(mrn, "Dr. M. Okafor", DateTimeOffset.UtcNow.AddDays(4), birthDate: "1981-02-03"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("patient.birthDate", problem);
        Assert.DoesNotContain("1981", problem);
        Assert.DoesNotContain("1972", problem);

        using var unknown = await scheduler.PostAsync("/api/v1/patients/lookup", new JsonObject { ["mrn"] = NewMrn() });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var missing = await scheduler.PostAsync("/api/v1/patients/lookup", new JsonObject());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("mrn", await missing.Content.ReadAsStringAsync());
    }
}
