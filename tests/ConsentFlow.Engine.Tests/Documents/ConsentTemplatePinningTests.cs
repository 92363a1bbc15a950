using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsentFlow.Application.Documents;
using ConsentFlow.Application.FollowUps;
using ConsentFlow.Application.Timeline;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentFlow.Engine.Tests.Documents;

/// <summary>
/// A consent is signed on one template version: after a newer version is published, the signed document, a regenerated
/// copy and the countersign review still show the version the patient read; a consent not yet signed reads the newest.
/// </summary>
public sealed class ConsentTemplatePinningTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 20, 14, 0, 0, TimeSpan.Zero);
    private const string V3Sentence = "Version three wording: you usually go home on the same day.";

    [Fact]
    public async Task A_consent_signed_on_v2_still_prints_v2s_text_after_v3_is_published()
    {
        await using var clinic = await Clinic.StartAsync();
        var patient = await PeldCase.StartAsync(clinic.Test, ProcedureStart);
        await clinic.DiscussAsync(patient);

        var read = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);
        Assert.Equal(2, read.TemplateVersion);
        await clinic.SignAsync(patient, "patient", TestEngine.Patient, read.ShownTextSha256);
        await clinic.SignAsync(patient, "witness", TestEngine.Witness);

        clinic.PublishVersion3();

        // The surgeon countersigns the text the patient signed, not the version published since.
        var countersign = await patient.TaskAsync("consent-signature", "surgeon");
        var review = await clinic.Reviews.SignedConsentAsync(countersign.Id, "en", CancellationToken.None);
        Assert.Equal((2, true), (review!.Text.TemplateVersion, review.TextMatchesSigned));

        var signed = await clinic.SignAsync(patient, "surgeon", TestEngine.Surgeon);
        Assert.NotNull(signed.Document);

        var regenerated = await clinic.Documents.ProduceAsync(patient.InstanceId, TestEngine.Nurse, CancellationToken.None);
        var printed = PdfText(regenerated.Pdf);
        Assert.Contains("peld-consent v2 (en)", printed);
        Assert.Contains(read.ShownTextSha256, printed);
        Assert.DoesNotContain("Version three wording", printed);

        var after = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);
        Assert.Equal((2, read.ShownTextSha256), (after.TemplateVersion, after.ShownTextSha256));
    }

    [Fact]
    public async Task A_consent_not_yet_signed_is_shown_the_newest_version_and_signed_on_it()
    {
        await using var clinic = await Clinic.StartAsync();
        var patient = await PeldCase.StartAsync(clinic.Test, ProcedureStart);
        await clinic.DiscussAsync(patient);
        clinic.PublishVersion3();

        var read = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);
        Assert.Equal(3, read.TemplateVersion);
        Assert.Contains(V3Sentence, read.PlainText);

        await clinic.SignAsync(patient, "patient", TestEngine.Patient, read.ShownTextSha256);
        await clinic.SignAsync(patient, "witness", TestEngine.Witness);
        await clinic.SignAsync(patient, "surgeon", TestEngine.Surgeon);

        var facts = await clinic.Test.Runtime.GetSignedConsentAsync(patient.InstanceId, null, CancellationToken.None);
        Assert.Equal(new ShownTemplate("peld-consent", 3), facts!.ShownTemplate);

        // The version is in the hash-chained journal with the patient's signature, not only in the consent row.
        await using var db = await clinic.Test.Engine.Contexts.CreateDbContextAsync();
        var signedEntries = await db.Journal.Where(e => e.InstanceId == patient.InstanceId && e.Action == "consent.signed").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(3, signedEntries.Count);
        Assert.Equal(3, JsonNode.Parse(signedEntries[0].DetailsJson)!["shownTemplate"]!["version"]!.GetValue<int>());
        Assert.All(signedEntries.Skip(1), e => Assert.Null(JsonNode.Parse(e.DetailsJson)!["shownTemplate"]));
    }

    [Fact]
    public async Task A_version_published_while_the_patient_reads_does_not_replace_the_one_they_read()
    {
        await using var clinic = await Clinic.StartAsync();
        var patient = await PeldCase.StartAsync(clinic.Test, ProcedureStart);
        await clinic.DiscussAsync(patient);
        var read = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);

        clinic.PublishVersion3(); // published after the tablet rendered v2, before the patient taps "sign"
        await clinic.SignAsync(patient, "patient", TestEngine.Patient, read.ShownTextSha256);
        await clinic.SignAsync(patient, "witness", TestEngine.Witness);
        await clinic.SignAsync(patient, "surgeon", TestEngine.Surgeon);

        var after = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);
        Assert.Equal((2, read.ShownTextSha256), (after.TemplateVersion, after.ShownTextSha256));
    }

    [Fact]
    public async Task A_consent_signed_before_versions_were_pinned_finds_its_text_by_the_hash_it_recorded()
    {
        await using var clinic = await Clinic.StartAsync();
        var patient = await PeldCase.StartAsync(clinic.Test, ProcedureStart);
        await clinic.DiscussAsync(patient);
        var read = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);
        // Straight to the engine, as every signature was given before the pin existed: no version is recorded.
        await patient.SubmitAsync("consent-signature", TestEngine.Patient, new JsonObject { ["documentShownSha256"] = read.ShownTextSha256 }, "patient");
        await patient.SubmitAsync("consent-signature", TestEngine.Witness, signer: "witness");
        await patient.SubmitAsync("consent-signature", TestEngine.Surgeon, signer: "surgeon");
        Assert.Null((await clinic.Test.Runtime.GetSignedConsentAsync(patient.InstanceId, null, CancellationToken.None))!.ShownTemplate);

        clinic.PublishVersion3();

        var after = await clinic.Preview.RenderAsync(patient.InstanceId, CancellationToken.None);
        Assert.Equal((2, read.ShownTextSha256), (after.TemplateVersion, after.ShownTextSha256));
    }

    private static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"consentflow-pin-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/pdftotext") { RedirectStandardOutput = true };
            foreach (var argument in new[] { "-enc", "UTF-8", file, "-" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The engine on a real SQLite file with the application's signing, document and review services over it.</summary>
    private sealed class Clinic : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly string _folder;

        private Clinic(TestEngine test, ServiceProvider services, string folder) => (Test, _services, _folder) = (test, services, folder);

        public TestEngine Test { get; }
        public ConsentTemplateLibrary Templates => _services.GetRequiredService<ConsentTemplateLibrary>();
        public ConsentTextPreview Preview => _services.GetRequiredService<ConsentTextPreview>();
        public TaskSubmissions Submissions => _services.GetRequiredService<TaskSubmissions>();
        public ConsentDocumentService Documents => _services.GetRequiredService<ConsentDocumentService>();
        public ReviewContexts Reviews => _services.GetRequiredService<ReviewContexts>();

        public static async Task<Clinic> StartAsync()
        {
            var test = await TestEngine.StartAsync();
            var folder = Directory.CreateTempSubdirectory("consentflow-pin-").FullName;
            var templates = await ConsentTemplateLibrary.LoadAsync(Path.Combine(RepositoryPaths.Workflows, "consent-templates"), CancellationToken.None);
            var services = new ServiceCollection()
                .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
                .AddSingleton<TimeProvider>(test.Clock)
                .AddSingleton(test.Engine.Contexts).AddSingleton(test.Engine.Catalog).AddSingleton(test.Runtime)
                .AddSingleton(test.Engine.Documents).AddSingleton(test.Engine.FollowUps)
                .AddSingleton(templates)
                .AddSingleton(DemoClinic.Details)
                .AddSingleton(_ => ClinicCertificate.LoadOrCreateDevelopment(folder))
                .AddSingleton(provider => new ConsentDocumentGenerator(provider.GetRequiredService<ClinicCertificate>(), test.Clock, null))
                .AddSingleton<ConsentDocumentService>().AddSingleton<ConsentTextPreview>().AddSingleton<CaseDocuments>().AddSingleton<TaskSubmissions>()
                .AddSingleton<ReviewContexts>()
                .AddFollowUps(new FollowUpOptions { RunWorker = false })
                .BuildServiceProvider();
            return new Clinic(test, services, folder);
        }

        public async Task DiscussAsync(PeldCase patient)
        {
            await patient.SubmitAsync("consent-discussion", TestEngine.Surgeon);
            await patient.SubmitAsync("teach-back", TestEngine.Patient);
        }

        /// <summary>Signs through the application, as the tablet and the task pages do.</summary>
        public async Task<SubmissionResponse> SignAsync(PeldCase patient, string signer, Actor actor, string? shownSha256 = null)
        {
            var task = await patient.TaskAsync("consent-signature", signer);
            var answers = patient.Answers("consent-signature", signer);
            if (shownSha256 is not null) answers["documentShownSha256"] = shownSha256;
            return await Submissions.SubmitAsync(new TaskSubmission(task.Id, actor, answers), CancellationToken.None);
        }

        /// <summary>An administrator publishes v3 in the studio, with a sentence v2 does not have.</summary>
        public void PublishVersion3() =>
            Templates.Add(new[] { "en", "es" }.Select(language =>
            {
                var text = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "consent-templates", $"peld-consent.{language}.md"));
                text = Regex.Replace(text, @"^version:\s*\d+", "version: 3", RegexOptions.Multiline);
                text = Regex.Replace(text, @"^(## [^\n]*\{#[^}]+\}\n)", "$1\n" + V3Sentence + "\n", RegexOptions.Multiline);
                return new TemplateSource($"studio/peld-consent/v3/peld-consent.{language}.md", text);
            }).ToList());

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Test.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
