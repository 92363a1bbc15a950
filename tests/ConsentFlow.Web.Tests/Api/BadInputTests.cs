using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>
/// Issue 11, bad input, as rules: every refusal is problem+json naming the field or JSON path, never echoing what was
/// sent; oversized bodies are 413; nothing is written.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BadInputTests(RunningApp app)
{
    private static JsonObject NewCase() => CaseDriver.NewCaseBody("BAD-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(7));

    private async Task<JsonObject> ErrorsAsync(HttpResponseMessage response, int status = 400)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await ApiClient.ReadAsync(response, status))["errors"]!.AsObject();
    }

    private async Task<HttpResponseMessage> PostRawAsync(string userName, string path, string json, HttpMethod? method = null) =>
        await (await app.ClientAsync(userName)).SendContentAsync(method ?? HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"),
            expectContinue: true);

    [Fact]
    public async Task A_wrong_json_type_names_the_field_and_the_expected_type()
    {
        var body = NewCase();
        body["patient"]!["birthDate"] = 123;
        using var response = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", body);
        var errors = await ErrorsAsync(response);
        Assert.Equal("expected a date (yyyy-mm-dd)", errors["patient.birthDate"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_names_the_position()
    {
        using var response = await PostRawAsync(CaseDriver.Scheduler, "/api/v1/cases", "{ \"level\": \"L4-L5\", oops }");
        var errors = await ErrorsAsync(response);
        Assert.Matches(@"not valid JSON.*line 1, byte \d+", errors["body"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_field_is_refused_even_a_megabyte_of_it_and_no_case_is_created()
    {
        var body = NewCase();
        body["notes"] = new string('x', 1_000_000);
        var before = await CaseCountAsync();
        // With its length declared, the body is refused before a byte is read; streamed, whichever refusal comes first answers.
        using var huge = await PostRawAsync(CaseDriver.Scheduler, "/api/v1/cases", body.ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        body["notes"] = "small";
        using var small = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", body);
        Assert.Equal("is not a field of this request", (await ErrorsAsync(small))["notes"]![0]!.GetValue<string>());
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task A_case_without_a_scheduled_start_or_starting_in_2001_is_refused()
    {
        var body = NewCase();
        body.Remove("scheduledStart");
        using var missing = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", body);
        Assert.StartsWith("is required", (await ErrorsAsync(missing))["scheduledStart"]![0]!.GetValue<string>());
        body["scheduledStart"] = "2001-05-01T08:00:00Z";
        using var past = await (await app.ClientAsync(CaseDriver.Scheduler)).PostAsync("/api/v1/cases", body);
        Assert.StartsWith("must not be in the past", (await ErrorsAsync(past))["scheduledStart"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_patch_obeys_the_case_contract_and_changes_nothing_when_refused()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var surgeon = await patientCase.As(CaseDriver.Surgeon);
        using var response = await surgeon.PatchAsync($"/api/v1/cases/{patientCase.InstanceId}", new JsonObject
        {
            ["level"] = "L9-Z9", ["side"] = "up", ["surgeon"] = "", ["scheduledStart"] = "1999-01-01T08:00:00Z",
        });
        var errors = await ErrorsAsync(response);
        Assert.Equal(["level", "scheduledStart", "side", "surgeon"], errors.Select(e => e.Key).Order());
        Assert.DoesNotContain("L9-Z9", errors.ToJsonString());
        var detail = await surgeon.GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        Assert.Equal("L4-L5", detail["case"]!["level"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("bmi", "1e308")]
    [InlineData("neckCircumference", "1e400")]
    [InlineData("bmi", "-1e400")]
    public async Task Numbers_beyond_any_range_are_a_400_naming_the_field(string field, string number)
    {
        var patientCase = await CaseDriver.StartAsync(app);
        var task = await patientCase.TaskAsync("sedation-screening");
        var answers = patientCase.Answers("sedation-screening");
        answers.Remove(field);
        // Written as text: 1e400 has no double or decimal to carry it through JsonNode.
        var json = answers.ToJsonString().TrimEnd('}') + $",\"{field}\":{number}}}";
        using var response = await PostRawAsync(CaseDriver.Nurse, $"/api/v1/tasks/{task["id"]}/submission", json);
        var errors = await ErrorsAsync(response);
        Assert.NotNull(errors[field]);
        Assert.DoesNotContain("e308", errors.ToJsonString());
    }

    [Theory]
    [InlineData("hello", "must be pen strokes")]
    [InlineData("strokes:", "has no pen strokes")]
    [InlineData("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "must be pen strokes")]
    [InlineData("strokes:300x100;NaN,NaN 20,20 40,40", "finite numbers")]
    public async Task A_patient_signature_that_is_not_pen_strokes_is_refused_and_names_the_field(string signature, string reason)
    {
        var patientCase = await CaseDriver.StartAsync(app);
        await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
        await patientCase.SubmitOkAsync("teach-back", CaseDriver.Patient);
        using var response = await patientCase.SubmitAsync("consent-signature", CaseDriver.Patient, new JsonObject { ["signature"] = signature }, "patient");
        var errors = await ErrorsAsync(response);
        Assert.Contains(reason, errors["signature"]![0]!.GetValue<string>());
        Assert.DoesNotContain("hello", errors.ToJsonString());
    }

    [Fact]
    public async Task A_withdrawal_note_has_a_maximum()
    {
        var patientCase = await CaseDriver.StartAsync(app);
        using var response = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/withdraw",
            new JsonObject { ["reason"] = new string('x', 5000) });
        Assert.Contains("at most 2000", (await ErrorsAsync(response))["note"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_draft_must_be_json_and_at_most_2_MB()
    {
        using var notJson = await PostRawAsync(CaseDriver.Administrator, "/api/v1/definitions/bad-input-test/draft", "this is not json", HttpMethod.Put);
        Assert.Contains("not valid JSON", (await ErrorsAsync(notJson))["body"]![0]!.GetValue<string>());
        using var huge = await PostRawAsync(CaseDriver.Administrator, "/api/v1/definitions/bad-input-test/draft",
            "{\"x\":\"" + new string('x', 3 * 1024 * 1024) + "\"}", HttpMethod.Put);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_malformed_multipart_body_on_verify_is_a_400_naming_the_file()
    {
        var content = new StringContent("--boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\nnot closed", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=boundary");
        using var response = await (await app.ClientAsync(CaseDriver.Nurse)).PostContentAsync("/api/v1/documents/verify", content);
        Assert.NotNull((await ErrorsAsync(response))["file"]);
    }

    [Theory]
    [InlineData("/api/v1/cases?from=2026-02-30", "from", "2026-02-30", "expected a date (yyyy-mm-dd)")]
    [InlineData("/api/v1/cases?to=tomorrowish", "to", "tomorrowish", "expected a date (yyyy-mm-dd)")]
    [InlineData("/api/v1/cases?pageSize=lots", "pageSize", "lots", "expected a number")]
    [InlineData("/api/v1/tasks?caseId=case-qqq", "caseId", "case-qqq", "expected an id (GUID)")]
    public async Task A_query_value_that_does_not_parse_is_a_400_naming_the_parameter_and_never_echoing_the_value(
        string path, string field, string value, string message)
    {
        using var response = await (await app.ClientAsync(CaseDriver.Nurse)).GetAsync(path);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ApiClient.ReadAsync(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Equal(message, errors[field]![0]!.GetValue<string>());
        Assert.DoesNotContain(value, problem.ToJsonString());
    }

    [Fact]
    public async Task A_forbidden_caller_gets_403_before_any_400()
    {
        using var response = await PostRawAsync(CaseDriver.Anesthesiologist, "/api/v1/cases", "{ not json");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>Every case from today on (the board counts its whole date range, not just the page).</summary>
    private async Task<int> CaseCountAsync() =>
        (await (await app.ClientAsync(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases?to={DateTime.UtcNow.AddDays(700):yyyy-MM-dd}"))["counts"]!["all"]!.GetValue<int>();
}
