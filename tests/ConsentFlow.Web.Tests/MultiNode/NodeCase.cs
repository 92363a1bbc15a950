using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.MultiNode;

/// <summary>A case booked through one node's API, with the facts the multi-node checks compare against the database.</summary>
public sealed record NodeCase(Guid InstanceId, Guid CaseId, string Mrn, DateTimeOffset ScheduledStart)
{
    public static JsonObject Body(string mrn, DateTimeOffset scheduledStart) => CaseDriver.NewCaseBody(mrn, scheduledStart);

    public static string NewMrn(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public static async Task<NodeCase> BookAsync(ApiClient scheduler, DateTimeOffset scheduledStart, string prefix = "NODE")
    {
        var mrn = NewMrn(prefix);
        using var response = await scheduler.PostAsync("/api/v1/cases", Body(mrn, scheduledStart));
        return From(await ApiClient.ReadAsync(response, 201), mrn, scheduledStart);
    }

    public static NodeCase From(JsonNode created, string mrn, DateTimeOffset scheduledStart) =>
        new(Guid.Parse(created["instanceId"]!.GetValue<string>()), Guid.Parse(created["caseId"]!.GetValue<string>()), mrn, scheduledStart);

    public async Task<string> OpenTaskIdAsync(ApiClient reader, string stepId)
    {
        var tasks = (JsonArray)await reader.GetJsonAsync($"/api/v1/cases/{InstanceId}/tasks");
        var task = tasks.FirstOrDefault(t => t!["stepId"]!.GetValue<string>() == stepId) ?? throw new Xunit.Sdk.XunitException($"No open task {stepId}.");
        return task["id"]!.GetValue<string>();
    }
}
