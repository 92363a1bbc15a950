using System.Text.Json.Nodes;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Studio.Templates;
using ConsentFlow.Web.Tests.Support;
using UglyToad.PdfPig;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>The consent template API; on its own app, because publishing changes the text every later consent uses.</summary>
public sealed class ConsentTemplateApiTests : IAsyncLifetime
{
    private const string Templates = "/api/v1/consent-templates";
    private readonly RunningApp _app = RunningApp.WithSettings();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private static JsonObject Body(TemplateTexts texts, params (string Key, string Value)[] more)
    {
        var body = new JsonObject { ["en"] = texts.En, ["es"] = texts.Es };
        foreach (var (key, value) in more) body[key] = value;
        return body;
    }

    [Fact]
    public async Task A_nurse_may_neither_read_nor_change_consent_templates()
    {
        var nurse = await _app.ClientAsync(CaseDriver.Nurse);

        using (var list = await nurse.GetAsync(Templates)) Assert.Equal(403, (int)list.StatusCode);
        using (var lint = await nurse.PostAsync($"{Templates}/peld-consent/lint", Body(TemplateDrafts.Next()))) Assert.Equal(403, (int)lint.StatusCode);
        using (var draft = await nurse.SendAsync(HttpMethod.Put, $"{Templates}/peld-consent/draft", Body(TemplateDrafts.Next()))) Assert.Equal(403, (int)draft.StatusCode);
        using (var publish = await nurse.PostAsync($"{Templates}/peld-consent/versions", Body(TemplateDrafts.Next(), ("note", "x"), ("password", DemoStaff.Password))))
            Assert.Equal(403, (int)publish.StatusCode);
    }

    [Fact]
    public async Task A_lint_error_is_refused_with_the_language_and_line_it_is_on()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);
        var next = TemplateDrafts.Next();
        var broken = next with { Es = next.Es.Replace("{{case.surgeon}}, le recomienda", "{{cirujano}}, le recomienda", StringComparison.Ordinal) };
        var line = TemplateDrafts.LineOf(broken.Es, "{{cirujano}}");

        using var response = await admin.PostAsync($"{Templates}/peld-consent/lint", Body(broken));

        var problem = await ApiClient.ReadAsync(response, 400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var messages = problem["errors"]![$"es: line {line}"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.Contains("unknown placeholder '{{cirujano}}'"));
        Assert.Single(problem["errors"]!.AsObject());
    }

    [Fact]
    public async Task A_clean_draft_lints_clean_and_is_kept_as_the_draft()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);
        var draft = TemplateDrafts.Next().WithRepresentativeParagraph();

        using (var lint = await admin.PostAsync($"{Templates}/peld-consent/lint", Body(draft)))
            Assert.True((await ApiClient.ReadAsync(lint, 200))["valid"]!.GetValue<bool>());
        using (var saved = await admin.SendAsync(HttpMethod.Put, $"{Templates}/peld-consent/draft", Body(draft)))
            Assert.True((await ApiClient.ReadAsync(saved, 200))["valid"]!.GetValue<bool>());

        var reopened = await admin.GetJsonAsync($"{Templates}/peld-consent/draft");
        Assert.Equal(draft.Es, reopened["es"]!.GetValue<string>());
        Assert.Equal(3, reopened["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Publishing_creates_the_next_version_that_new_consents_use_and_never_replaces_it()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);
        var next = TemplateDrafts.Next().WithRepresentativeParagraph();

        using (var noNote = await admin.PostAsync($"{Templates}/peld-consent/versions", Body(next, ("password", DemoStaff.Password))))
            Assert.NotNull((await ApiClient.ReadAsync(noNote, 400))["errors"]!["note"]);
        using (var noPassword = await admin.PostAsync($"{Templates}/peld-consent/versions", Body(next, ("note", "Adds the representative's paragraph"))))
            Assert.NotNull((await ApiClient.ReadAsync(noPassword, 400))["errors"]!["password"]);

        using (var published = await admin.PostAsync($"{Templates}/peld-consent/versions",
                   Body(next, ("note", "Adds the representative's paragraph"), ("password", DemoStaff.Password))))
        {
            var result = await ApiClient.ReadAsync(published, 201);
            Assert.Equal(3, result["version"]!.GetValue<int>());
            Assert.EndsWith("/api/v1/consent-templates/peld-consent/versions/3", published.Headers.Location!.OriginalString);
        }

        var library = _app.Services.GetRequiredService<ConsentTemplateLibrary>();
        Assert.Equal(3, library.Get("peld-consent", "es").Version);
        var stored = await admin.GetJsonAsync($"{Templates}/peld-consent/versions/3");
        Assert.Equal(next.En, stored["en"]!.GetValue<string>());
        var listed = (await admin.GetJsonAsync(Templates)).AsArray().Single(t => t!["templateId"]!.GetValue<string>() == "peld-consent")!;
        var v3 = listed["versions"]!.AsArray().Single(v => v!["version"]!.GetValue<int>() == 3)!;
        Assert.Equal("Adds the representative's paragraph", v3["note"]!.GetValue<string>());
        Assert.Equal("studio", v3["source"]!.GetValue<string>());

        // The same text again would overwrite version 3: it must be version 4.
        using var again = await admin.PostAsync($"{Templates}/peld-consent/versions", Body(next, ("note", "again"), ("password", DemoStaff.Password)));
        var refused = await ApiClient.ReadAsync(again, 400);
        Assert.Contains(refused["errors"]!["en: line 1"]!.AsArray(), m => m!.GetValue<string>().Contains("'version' must be 4"));
        Assert.Equal(3, library.Get("peld-consent", "en").Version);
        Assert.Equal(next.En, (await admin.GetJsonAsync($"{Templates}/peld-consent/versions/3"))["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sample_pdf_prints_the_draft_for_the_synthetic_case_and_is_stamped_as_not_signed()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);
        var draft = TemplateDrafts.Next().WithRepresentativeParagraph();

        using var response = await admin.PostAsync($"{Templates}/peld-consent/sample.pdf",
            Body(draft, ("language", "es"), ("syntheticCase", "sleep-apnea-representative")));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("representante legal", text);
        Assert.Contains("SAMPLE", text);
        // Never sealed: a sample carries no signature dictionary at all.
        Assert.DoesNotContain("/ByteRange", System.Text.Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public async Task An_unknown_synthetic_case_is_refused_naming_the_field()
    {
        var admin = await _app.ClientAsync(CaseDriver.Administrator);

        using var response = await admin.PostAsync($"{Templates}/peld-consent/sample.pdf", Body(TemplateDrafts.Next(), ("language", "en"), ("syntheticCase", "nobody")));

        Assert.NotNull((await ApiClient.ReadAsync(response, 400))["errors"]!["syntheticCase"]);
    }
}
