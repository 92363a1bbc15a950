using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>Its own app with the consent templates missing, so producing the document fails after the last signature.</summary>
public sealed class DocumentFailureTests : IAsyncLifetime
{
    private readonly string _workflows = Path.Combine(Path.GetTempPath(), "consentflow-web-tests", "workflows-" + Guid.NewGuid().ToString("N"));
    private RunningApp _app = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workflows);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Workflows, "*.json"))
            File.Copy(file, Path.Combine(_workflows, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(_workflows, "scenarios"));
        File.Copy(Path.Combine(RepositoryPaths.Workflows, "scenarios", "typical-answers.json"), Path.Combine(_workflows, "scenarios", "typical-answers.json"));
        _app = RunningApp.WithWorkflows(_workflows);
        await _app.InitializeAsync();
    }

    [Fact]
    public async Task A_signature_stays_saved_when_the_document_cannot_be_produced_and_staff_can_generate_it_later()
    {
        var patientCase = await CaseDriver.StartAsync(_app);
        var lastSignature = await patientCase.SignConsentAsync();

        Assert.True(lastSignature["documentPending"]!.GetValue<bool>());
        Assert.Null(lastSignature["document"]);
        var detail = await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}");
        Assert.Equal("Active", detail["consents"]![0]!["status"]!.GetValue<string>());
        Assert.Empty((JsonArray)await (await patientCase.As(CaseDriver.Nurse)).GetJsonAsync($"/api/v1/cases/{patientCase.InstanceId}/documents"));

        // Once the templates are back, "Generate document" produces version 1.
        var templates = Path.Combine(_workflows, "consent-templates");
        Directory.CreateDirectory(templates);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Workflows, "consent-templates")))
            File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
        using var generated = await (await patientCase.As(CaseDriver.Nurse)).PostAsync($"/api/v1/cases/{patientCase.InstanceId}/documents", null);
        var document = await ApiClient.ReadAsync(generated, 201);
        Assert.Equal(1, document["version"]!.GetValue<int>());
        Assert.Equal("current", document["status"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try { Directory.Delete(_workflows, recursive: true); } catch (IOException) { }
    }
}
