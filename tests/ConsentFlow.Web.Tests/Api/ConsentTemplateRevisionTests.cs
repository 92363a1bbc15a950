using System.Text.Json.Nodes;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>A materially revised consent template sends every upcoming case back to consent; on its own app, since it touches every case.</summary>
public sealed class ConsentTemplateRevisionTests : IAsyncLifetime
{
    private readonly RunningApp _app = RunningApp.WithSettings();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_materially_revised_template_makes_upcoming_signed_consents_inactive_once_the_administrator_confirms()
    {
        var patientCase = await CaseDriver.StartAsync(_app);
        await patientCase.SignConsentAsync();
        var admin = await _app.ClientAsync(CaseDriver.Administrator);

        using (var unconfirmed = await admin.PostAsync("/api/v1/consent-template/material-revisions", new JsonObject()))
            Assert.NotNull((await ApiClient.ReadAsync(unconfirmed, 400))["errors"]!["password"]);
        using (var confirmed = await admin.PostAsync("/api/v1/consent-template/material-revisions", new JsonObject { ["password"] = DemoStaff.Password }))
            Assert.True((await ApiClient.ReadAsync(confirmed, 200))["casesAskedToReconsent"]!.GetValue<int>() >= 1);

        var detail = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        Assert.Equal("Inactive", detail["consents"]![0]!["status"]!.GetValue<string>());
    }
}
