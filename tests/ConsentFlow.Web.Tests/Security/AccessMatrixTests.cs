using System.Net;
using System.Text;
using ConsentFlow.Web.Tests.Support;
using static ConsentFlow.Web.Tests.Security.Principals;
using static ConsentFlow.Web.Tests.Support.CaseDriver;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>
/// access.md as a table: every endpoint and page, asked by every kind of caller. Nobody signed in gets 401 (API) or
/// the sign-in page; a caller whose role or key scope does not allow it gets 403; everyone allowed gets past
/// authorization (whatever the request then deserves: 200, 400 for the deliberately malformed body, 404, 422).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessMatrixTests(RunningApp app)
{
    private const string Malformed = "{ not json";

    // Who may, per access.md. Keys belong to the nurse's account, so a key is allowed only where a nurse is and its scope fits.
    private static readonly string[] ReadCases = [Nurse, Surgeon, Anesthesiologist, Scheduler, ReadKey];
    private static readonly string[] ManageCases = [Nurse, Surgeon, Scheduler, WriteKey];
    private static readonly string[] WorkTasks = [Nurse, Surgeon, Anesthesiologist, WriteKey];
    private static readonly string[] RecordWithdrawal = [Nurse, Surgeon, Anesthesiologist, WriteKey];
    private static readonly string[] ReadDocuments = [Nurse, Surgeon, Anesthesiologist, ReadKey, DocumentsKey];
    private static readonly string[] ProduceDocuments = [Nurse, Surgeon, DocumentsKey];
    private static readonly string[] Studio = [Administrator];
    private static readonly string[] CaseAudit = [Nurse, Surgeon, Anesthesiologist];
    private static readonly string[] AccessAudit = [Administrator];
    private static readonly string[] UsersAndKeys = [Administrator];
    private static readonly string[] StartKiosk = [Nurse, Surgeon];
    private static readonly string[] TabletOnly = [Kiosk];
    private static readonly string[] Everyone = All;

    private sealed record Cell(string Method, string Path, string[] Allowed, string? Body = null, bool Page = false, string? ContentType = "application/json");

    [Fact]
    public async Task Every_endpoint_and_page_answers_each_caller_as_access_md_says()
    {
        var patientCase = await StartAsync(app);
        var other = await StartAsync(app);
        var who = await Principals.SignInAsync(app, patientCase);
        var id = patientCase.InstanceId;
        var task = (await patientCase.TaskAsync("imaging-review"))["id"]!.GetValue<string>();
        var nobody = Guid.NewGuid();

        Cell[] cells =
        [
            new("GET", "/api/v1/cases", ReadCases),
            new("GET", $"/api/v1/cases/{id}", ReadCases),
            new("GET", $"/api/v1/cases/{id}/readiness", ReadCases),
            new("GET", $"/api/v1/cases/{id}/tasks", ReadCases),
            new("POST", "/api/v1/cases", ManageCases, Malformed),
            new("POST", "/api/v1/cases/search", ReadCases, Malformed),
            new("POST", "/api/v1/patients/lookup", ManageCases, Malformed),
            new("PATCH", $"/api/v1/cases/{id}", ManageCases, Malformed),
            new("POST", $"/api/v1/cases/{id}/cancel", ManageCases, Malformed),
            new("POST", $"/api/v1/cases/{id}/withdraw", RecordWithdrawal, Malformed),
            new("POST", $"/api/v1/cases/{id}/consent-concerns", WorkTasks, Malformed),
            new("GET", "/api/v1/tasks", ReadCases),
            new("GET", $"/api/v1/tasks/{task}", ReadCases),
            new("POST", $"/api/v1/tasks/{task}/submission", WorkTasks, Malformed),
            new("POST", $"/api/v1/tasks/{task}/signature", WorkTasks, Malformed),
            new("GET", $"/api/v1/cases/{id}/documents", ReadDocuments),
            new("POST", $"/api/v1/cases/{id}/documents", ProduceDocuments),
            new("GET", $"/api/v1/documents/{nobody}/pdf", ReadDocuments),
            new("POST", "/api/v1/documents/verify", ReadDocuments, "", ContentType: "application/pdf"),
            new("GET", "/api/v1/definitions", Studio),
            new("POST", "/api/v1/definitions/validate", Studio, Malformed),
            new("POST", "/api/v1/definitions", Studio, Malformed),
            new("GET", "/api/v1/definitions/matrix-test/draft", Studio),
            new("POST", "/api/v1/definitions/scenario-runs", Studio, Malformed),
            new("POST", "/api/v1/definitions/preview", Studio, Malformed),
            new("GET", "/api/v1/definitions/peld-consent/affected-cases", Studio),
            new("GET", "/api/v1/definitions/peld-consent/versions", Studio),
            new("GET", "/api/v1/definitions/peld-consent/versions/1", Studio),
            new("GET", "/api/v1/definitions/peld-consent/versions/1/diff", Studio),
            new("POST", "/api/v1/definitions/peld-consent/versions/1/rollback", Studio, Malformed),
            new("GET", "/api/v1/definitions/peld-consent/overrides", Studio),
            new("POST", "/api/v1/definitions/peld-consent/overrides", Studio, Malformed),
            new("POST", $"/api/v1/definitions/peld-consent/overrides/{nobody}/approval", Studio, Malformed),
            new("POST", "/api/v1/consent-template/material-revisions", Studio, Malformed),
            new("GET", "/api/v1/consent-templates", Studio),
            new("GET", "/api/v1/consent-templates/peld-consent/draft", Studio),
            new("GET", "/api/v1/consent-templates/peld-consent/versions/2", Studio),
            new("PUT", "/api/v1/consent-templates/peld-consent/draft", Studio, Malformed),
            new("POST", "/api/v1/consent-templates/peld-consent/lint", Studio, Malformed),
            new("POST", "/api/v1/consent-templates/peld-consent/versions", Studio, Malformed),
            new("POST", "/api/v1/consent-templates/peld-consent/sample.pdf", Studio, Malformed),
            new("GET", $"/api/v1/cases/{id}/audit-trail", CaseAudit),
            new("GET", "/api/v1/audit/access", AccessAudit),
            new("GET", "/api/v1/admin/users", UsersAndKeys),
            new("POST", "/api/v1/admin/users", UsersAndKeys, Malformed),
            new("POST", "/api/v1/admin/users/nobody/disable", UsersAndKeys, Malformed),
            new("GET", "/api/v1/admin/api-keys", UsersAndKeys),
            new("POST", "/api/v1/admin/api-keys", UsersAndKeys, Malformed),
            new("POST", "/api/v1/admin/api-keys/nothing/revoke", UsersAndKeys, Malformed),
            new("GET", $"/fhir/Consent/{nobody}", ReadDocuments),
            new("GET", $"/fhir/Consent?patient=Patient/{patientCase.PatientId}", ReadDocuments),
            new("GET", $"/fhir/QuestionnaireResponse/{nobody}", ReadDocuments),
            new("GET", $"/fhir/QuestionnaireResponse?subject=Patient/{patientCase.PatientId}", ReadDocuments),
            new("GET", $"/fhir/DocumentReference/{nobody}", ReadDocuments),
            new("GET", $"/fhir/DocumentReference?patient=Patient/{patientCase.PatientId}", ReadDocuments),
            new("GET", "/fhir/metadata", Everyone),
            new("GET", "/health/live", Everyone),
            new("GET", "/health/ready", Everyone),
            new("GET", "/kiosk/current-task", TabletOnly),
            new("POST", "/kiosk/current-task/signature", TabletOnly, Malformed),
            new("POST", "/kiosk/current-task/submission", TabletOnly, Malformed),
            new("POST", "/kiosk/copy-link", TabletOnly, "{}"),
            // Nothing is signed on the tablet's case, so the tablet's own call is refused (409) and changes nothing.
            new("POST", "/kiosk/withdraw", TabletOnly, "{}"),
            new("POST", "/kiosk/start", StartKiosk, "", Page: true, ContentType: "application/x-www-form-urlencoded"),
            new("GET", "/", ReadCases, Page: true),
            new("GET", "/inbox", ReadCases, Page: true),
            new("GET", "/cases/new", ManageCases, Page: true),
            new("GET", $"/cases/{id}", ReadCases, Page: true),
            new("GET", $"/cases/{other.InstanceId}", ReadCases, Page: true),
            new("GET", $"/tasks/{task}", ReadCases, Page: true),
            new("GET", "/admin", Studio, Page: true),
            new("GET", "/admin/studio/templates", Studio, Page: true),
            new("GET", "/admin/studio/templates/peld-consent", Studio, Page: true),
            new("GET", "/admin/studio/peld-consent/history", Studio, Page: true),
            new("GET", "/admin/studio", Studio, Page: true),
            new("GET", "/admin/studio/peld-consent", Studio, Page: true),
            new("GET", "/admin/users", UsersAndKeys, Page: true),
            new("GET", $"/cases/{id}/signing-session", StartKiosk, Page: true),
            new("GET", "/kiosk", TabletOnly, Page: true),
            new("GET", "/kiosk/locked", TabletOnly, Page: true),
            new("GET", "/account/login", Everyone, Page: true),
            new("GET", $"/verify/{nobody}", Everyone, Page: true),
            new("GET", $"/copy/{nobody:N}", Everyone),
        ];

        var wrong = new List<string>();
        var checkedCells = 0;
        foreach (var cell in cells)
            foreach (var principal in All)
            {
                var status = await StatusAsync(who[principal], cell);
                checkedCells++;
                var expected = Expectation(cell, principal);
                if (!expected.Matches(status)) wrong.Add($"{cell.Method} {cell.Path} as {principal}: {(int)status}, expected {expected.Description}");
            }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {checkedCells} cells wrong:\n" + string.Join("\n", wrong));
        Assert.Equal(cells.Length * All.Length, checkedCells);
    }

    private sealed record Expected(string Description, Func<HttpStatusCode, bool> Matches);

    private static Expected Expectation(Cell cell, string principal)
    {
        if (cell.Allowed.Contains(principal))
            return new("allowed (not 401/403/302)", s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect));
        if (principal == Anonymous)
            return cell.Page ? new("302 to sign-in", s => s == HttpStatusCode.Redirect) : new("401", s => s == HttpStatusCode.Unauthorized);
        // A key the app does not accept for this endpoint is refused as forbidden, never as anything that reveals data.
        return new("403", s => s == HttpStatusCode.Forbidden);
    }

    private static async Task<HttpStatusCode> StatusAsync(ApiClient client, Cell cell)
    {
        var method = new HttpMethod(cell.Method);
        if (cell.Body is null && method == HttpMethod.Get)
        {
            using var response = await client.GetAsync(cell.Path);
            return response.StatusCode;
        }
        var content = new StringContent(cell.Body ?? "", Encoding.UTF8, cell.ContentType!);
        using var sent = await client.SendContentAsync(method, cell.Path, content);
        return sent.StatusCode;
    }
}
