using System.Text.Json.Nodes;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Tests.Fhir;
using ConsentFlow.Web.Tests.Support;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>
/// Every read of PHI is audited with the person: a list or search names each case it showed, so the privacy officer's
/// "who viewed this case" (GET /api/v1/audit/access?instanceId=) finds the board, the lookup and the FHIR searches too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ListReadAuditTests(RunningApp app)
{
    private static string NewMrn() => "AU-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task<(CaseDriver First, CaseDriver Second, string Surgeon)> TwoCasesOfOneSurgeonAsync()
    {
        var surgeon = "Dr. Audit " + Guid.NewGuid().ToString("N")[..6];
        var scheduler = await app.ClientAsync(Scheduler);
        var cases = new List<CaseDriver>();
        for (var day = 3; day <= 4; day++)
        {
            var start = DateTimeOffset.UtcNow.AddDays(day);
            var body = NewCaseBody(NewMrn(), start);
            body["surgeon"] = surgeon;
            using var created = await scheduler.PostAsync("/api/v1/cases", body);
            var answer = await ApiClient.ReadAsync(created, 201);
            cases.Add(Attach(app, Guid.Parse(answer["instanceId"]!.GetValue<string>()), Guid.Parse(answer["caseId"]!.GetValue<string>()), Guid.Parse(answer["patientId"]!.GetValue<string>()),
                body["patient"]!["mrn"]!.GetValue<string>(), start));
        }
        return (cases[0], cases[1], surgeon);
    }

    /// <summary>What the privacy officer sees for one case and one person.</summary>
    private async Task<JsonArray> AccessAuditAsync(Guid instanceId, string userName)
    {
        await app.Services.GetRequiredService<AccessAudit>().FlushAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var userId = (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().FindByNameAsync(userName))!.Id;
        return (JsonArray)await (await app.ClientAsync(Administrator)).GetJsonAsync($"/api/v1/audit/access?instanceId={instanceId}&actorId={userId}");
    }

    private static bool Shows(JsonArray audit, string kind, string subject) =>
        audit.Any(e => e!["kind"]!.GetValue<string>() == kind && e["subject"]?.GetValue<string>() == subject);

    [Fact]
    public async Task A_board_search_audits_each_case_it_showed()
    {
        var (first, second, surgeon) = await TwoCasesOfOneSurgeonAsync();
        var nurse = await app.ClientAsync(Nurse);
        using (var searched = await nurse.PostAsync("/api/v1/cases/search", new JsonObject { ["surgeon"] = surgeon, ["search"] = first.Mrn }))
            Assert.Single((await ApiClient.ReadAsync(searched, 200))["items"]!.AsArray());

        var audit = await AccessAuditAsync(first.InstanceId, Nurse);
        Assert.True(Shows(audit, nameof(AccessKind.CaseListed), "/api/v1/cases/search"), audit.ToJsonString());
        Assert.All(audit, e => Assert.Equal(first.InstanceId.ToString(), e!["instanceId"]!.GetValue<string>()));
        // The search term was an MRN: the audit keeps ids only.
        Assert.DoesNotContain(first.Mrn, audit.ToJsonString());
        // The other case did not match, so the search did not show it.
        Assert.False(Shows(await AccessAuditAsync(second.InstanceId, Nurse), nameof(AccessKind.CaseListed), "/api/v1/cases/search"));
    }

    [Fact]
    public async Task A_board_page_audits_each_case_on_that_page_and_no_other()
    {
        var (first, second, surgeon) = await TwoCasesOfOneSurgeonAsync();
        var surgeonClient = await app.ClientAsync(Surgeon);
        using (var listed = await surgeonClient.GetAsync($"/api/v1/cases?surgeon={Uri.EscapeDataString(surgeon)}&pageSize=1"))
            Assert.Equal(first.InstanceId.ToString(), (await ApiClient.ReadAsync(listed, 200))["items"]![0]!["case"]!["instanceId"]!.GetValue<string>());

        Assert.True(Shows(await AccessAuditAsync(first.InstanceId, Surgeon), nameof(AccessKind.CaseListed), "/api/v1/cases"));
        Assert.False(Shows(await AccessAuditAsync(second.InstanceId, Surgeon), nameof(AccessKind.CaseListed), "/api/v1/cases"));
    }

    [Fact]
    public async Task A_patient_lookup_audits_every_case_of_the_patient_it_found()
    {
        var patientCase = await StartAsync(app);
        using (var lookup = await (await app.ClientAsync(Scheduler)).PostAsync("/api/v1/patients/lookup", new JsonObject { ["mrn"] = patientCase.Mrn }))
            await ApiClient.ReadAsync(lookup, 200);

        var audit = await AccessAuditAsync(patientCase.InstanceId, Scheduler);
        Assert.True(Shows(audit, nameof(AccessKind.PatientLookedUp), "/api/v1/patients/lookup"), audit.ToJsonString());
        Assert.DoesNotContain(patientCase.Mrn, audit.ToJsonString());
    }

    [Fact]
    public async Task The_task_list_audits_each_case_whose_tasks_it_showed()
    {
        var patientCase = await StartAsync(app);
        using (var listed = await (await app.ClientAsync(Anesthesiologist)).GetAsync($"/api/v1/tasks?caseId={patientCase.CaseId}"))
            Assert.NotEmpty((await ApiClient.ReadAsync(listed, 200)).AsArray());

        Assert.True(Shows(await AccessAuditAsync(patientCase.InstanceId, Anesthesiologist), nameof(AccessKind.CaseListed), "/api/v1/tasks"));
    }

    [Fact]
    public async Task Fhir_searches_by_get_and_by_post_audit_each_case_whose_data_they_showed()
    {
        var patientCase = await FhirCases.PatientSignedAsync(app);
        var other = await StartAsync(app);
        var consentId = await FhirCases.ConsentIdAsync(patientCase);
        var surgeon = await app.ClientAsync(Surgeon);
        var mrn = $"{FhirCases.MrnSystem}|{patientCase.Mrn}";
        string[] reads =
        [
            $"/fhir/Patient?identifier={mrn}", $"/fhir/Consent?patient=Patient/{patientCase.PatientId}",
            $"/fhir/Provenance?target=Consent/{consentId}", $"/fhir/DocumentReference?patient.identifier={mrn}", $"/fhir/QuestionnaireResponse?subject=Patient/{patientCase.PatientId}",
        ];
        foreach (var read in reads)
            using (var answer = await surgeon.GetAsync(read))
                Assert.True((await ApiClient.ReadAsync(answer, 200))["total"]!.GetValue<int>() > 0, read);
        foreach (var type in new[] { "Patient", "Consent", "DocumentReference" })
            using (var answer = await surgeon.PostContentAsync($"/fhir/{type}/_search", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [type == "Patient" ? "identifier" : "patient.identifier"] = mrn,
            })))
                Assert.True((await ApiClient.ReadAsync(answer, 200))["total"]!.GetValue<int>() > 0, type);

        var audit = await AccessAuditAsync(patientCase.InstanceId, Surgeon);
        foreach (var subject in new[] { "/fhir/Patient", "/fhir/Consent", "/fhir/Provenance", "/fhir/DocumentReference", "/fhir/QuestionnaireResponse",
                     "/fhir/Patient/_search", "/fhir/Consent/_search", "/fhir/DocumentReference/_search" })
            Assert.True(Shows(audit, nameof(AccessKind.FhirRead), subject), $"No FhirRead of {subject} for the case: {audit.ToJsonString()}");
        Assert.DoesNotContain(patientCase.Mrn, audit.ToJsonString());
        // Another patient's case was in none of these answers.
        Assert.DoesNotContain(await AccessAuditAsync(other.InstanceId, Surgeon), e => e!["kind"]!.GetValue<string>() == nameof(AccessKind.FhirRead));
    }

    [Fact]
    public async Task A_fhir_read_of_a_patient_or_a_case_bundle_audits_the_cases_it_showed()
    {
        var patientCase = await FhirCases.PatientSignedAsync(app);
        var anesthesiologist = await app.ClientAsync(Anesthesiologist);
        foreach (var read in new[] { $"/fhir/Patient/{patientCase.PatientId}", $"/fhir/Bundle/{patientCase.CaseId}", $"/fhir/Consent/{await FhirCases.ConsentIdAsync(patientCase)}/_history" })
            using (var answer = await anesthesiologist.GetAsync(read))
                await ApiClient.ReadAsync(answer, 200);

        var audit = await AccessAuditAsync(patientCase.InstanceId, Anesthesiologist);
        foreach (var subject in new[] { $"/fhir/Patient/{patientCase.PatientId}", $"/fhir/Bundle/{patientCase.CaseId}" })
            Assert.True(Shows(audit, nameof(AccessKind.FhirRead), subject), $"No FhirRead of {subject} for the case: {audit.ToJsonString()}");
        Assert.Contains(audit, e => e!["subject"]!.GetValue<string>().EndsWith("/_history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_that_showed_no_case_is_still_audited_once()
    {
        var surgeon = "Dr. Nobody " + Guid.NewGuid().ToString("N")[..6];
        var nurse = await app.ClientAsync(Nurse);
        await app.Services.GetRequiredService<AccessAudit>().FlushAsync(CancellationToken.None);
        var before = DateTime.UtcNow;
        using (var listed = await nurse.GetAsync($"/api/v1/cases?surgeon={Uri.EscapeDataString(surgeon)}"))
            Assert.Empty((await ApiClient.ReadAsync(listed, 200))["items"]!.AsArray());

        await app.Services.GetRequiredService<AccessAudit>().FlushAsync(CancellationToken.None);
        var rows = await app.Services.GetRequiredService<AccessLog>().ReadAsync(null, await UserIdAsync(Nurse), before, null, CancellationToken.None);
        var listRows = rows.Where(r => r.Kind == nameof(AccessKind.CaseListed) && r.Subject == "/api/v1/cases").ToList();
        Assert.Single(listRows);
        Assert.Null(listRows[0].InstanceId);
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().FindByNameAsync(userName))!.Id;
    }
}
