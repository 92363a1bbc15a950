using System.Security.Claims;
using System.Text.Json.Nodes;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Kiosk;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Hands a tablet to a patient and takes it back. Starting replaces the staff member's sign-in with a kiosk session
/// locked to one case; ending needs the session's PIN or a nurse's or surgeon's password, and leads to the sign-in page.
/// </summary>
public static class KioskEndpoints
{
    public const string KioskPath = "/kiosk";
    public const string LockedPath = "/kiosk/locked";
    public const string CurrentTaskPath = KioskPath + "/current-task";

    /// <summary>The tablet's JSON calls: a caller without the session gets 401/403, never a redirect to a page.</summary>
    public static readonly string[] JsonPaths = [CurrentTaskPath, KioskPath + "/questions", KioskPath + "/decline", KioskPath + "/withdraw", KioskPath + "/copy-link"];

    // Settable properties, not a positional record: a browser leaves unchecked boxes and empty inputs out of the post.
    public sealed class StartForm
    {
        public Guid InstanceId { get; set; }
        public bool IdentifiersChecked { get; set; }
        public bool PhotoIdChecked { get; set; }
        public string? ExitPin { get; set; }
        public string? InterpreterName { get; set; }
        public string? InterpreterIdNumber { get; set; }
        public string? InterpreterAgency { get; set; }
        public string? InterpreterMode { get; set; }
        public string? InterpreterLanguage { get; set; }

        /// <summary>"yes" or "no" from the medication record; absent means the staff member did not look.</summary>
        public string? PremedicationCharted { get; set; }

        /// <summary>Clinic time (the case's zone), as a datetime-local input sends it.</summary>
        public string? PremedicationGivenAt { get; set; }
    }

    public sealed class ExitForm
    {
        public string? Pin { get; set; }
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? Action { get; set; }
    }

    /// <summary>The patient tablet's settings (<see cref="Components.Kiosk.TabletOptions"/>).</summary>
    public static IServiceCollection AddPatientTablet(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<Components.Kiosk.TabletOptions>(configuration.GetSection(Components.Kiosk.TabletOptions.Section));

    public static RouteGroupBuilder MapKioskEndpoints(this IEndpointRouteBuilder routes)
    {
        var kiosk = routes.MapGroup(KioskPath).WithTags("Kiosk").ExcludeFromDescription();

        kiosk.MapPost("/start", async ([FromForm] StartForm form, HttpContext http, KioskSessions sessions, CaseDirectory cases) =>
        {
            var page = StartPage(form.InstanceId);
            try
            {
                var patientCase = await cases.GetAsync(form.InstanceId, "en", http.RequestAborted);
                var view = await sessions.StartAsync(new KioskStart(form.InstanceId, form.IdentifiersChecked, form.PhotoIdChecked, form.ExitPin ?? "",
                    Interpreter(form), Premedication(form, patientCase.Case.TimeZoneId)), http.User.Id(), http.RequestAborted);
                await http.SignOutAsync(AuthSchemes.StaffCookie);
                if (http.Request.Cookies.ContainsKey(AuthSchemes.SsoCookieName)) await http.SignOutAsync(AuthSchemes.SsoCookie);
                await http.SignInAsync(AuthSchemes.Kiosk, Principal(view));
                return Results.LocalRedirect(KioskPath);
            }
            catch (AccountException refused)
            {
                return Results.LocalRedirect($"{page}?error={Uri.EscapeDataString(refused.Field)}");
            }
        }).RequireAuthorization(Policies.StartKiosk);

        kiosk.MapPost("/exit", async ([FromForm] ExitForm form, HttpContext http, KioskSessions sessions, UserManager<StaffUser> users) =>
        {
            var sessionId = http.User.KioskSessionId()!.Value;
            var endedBy = await ExitAllowedByAsync(form, sessionId, sessions, users, http.RequestAborted);
            if (endedBy is null) return Results.LocalRedirect($"{LockedPath}?error=1");
            if (form.Action == "resume")
            {
                await sessions.UnlockAsync(sessionId, http.RequestAborted);
                return Results.LocalRedirect(KioskPath);
            }
            await sessions.EndAsync(sessionId, endedBy, http.RequestAborted);
            await http.SignOutAsync(AuthSchemes.Kiosk);
            return Results.LocalRedirect($"{AccountEndpoints.LoginPath}?notice=kioskEnded");
        }).RequireAuthorization(Policies.Kiosk).RequireRateLimiting(SecurityServiceCollectionExtensions.SignInRateLimit);

        // The tablet's own calls, for a native tablet app and the tests; the Blazor tablet page does the same in-process.
        kiosk.MapGet("/current-task", async (ClaimsPrincipal user, WorkflowRuntime runtime, string? lang, CancellationToken ct) =>
            await CurrentTaskAsync(user, runtime, Api.Language.Normalize(lang), ct) is { } task
                ? Results.Ok(task)
                : Results.NoContent()).RequireAuthorization(Policies.UnlockedKiosk);

        // The patient's current task: the teach-back answers, then the signature (/signature is the older name of the same call).
        foreach (var path in new[] { "/current-task/signature", "/current-task/submission" })
            kiosk.MapPost(path, async (JsonObject answers, ClaimsPrincipal user, WorkflowRuntime runtime, TaskSubmitter submitter,
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct) =>
            {
                var task = await CurrentTaskAsync(user, runtime, "en", ct) ?? throw new RejectedException("There is nothing to answer or sign on this tablet now.");
                var result = await submitter.SubmitAsync(user, task.Id, answers, password: null, Api.Preconditions.IdempotencyKey(idempotencyKey), expectedVersion: task.Version, ct);
                // The tablet learns only that its answers counted: nothing of the case beyond what it showed.
                return Results.Ok(new { signed = task.Kind == "Signature", activatedConsent = result.ActivatedConsentId is not null });
            }).RequireAuthorization(Policies.UnlockedKiosk);

        kiosk.MapPost("/questions", async (ClaimsPrincipal user, WorkflowRuntime runtime, TaskSubmitter submitter, CancellationToken ct) =>
        {
            await AskForClinicianAsync(user, runtime, submitter, ct);
            return Results.Ok(new { paused = true });
        }).RequireAuthorization(Policies.UnlockedKiosk);

        kiosk.MapPost("/decline", async (ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            await DeclineAsync(user, runtime, ct);
            return Results.Ok(new { declined = true });
        }).RequireAuthorization(Policies.UnlockedKiosk);

        // After signing: the patient takes the consent back (access.md: "record a withdrawal the patient voiced", its one case).
        kiosk.MapPost("/withdraw", async (ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            await WithdrawAsync(user, runtime, ct);
            return Results.Ok(new { withdrawn = true });
        }).RequireAuthorization(Policies.UnlockedKiosk);

        kiosk.MapPost("/copy-link", async (ClaimsPrincipal user, WorkflowRuntime runtime, PatientCopyLinks links, CancellationToken ct) =>
        {
            var link = await IssueCopyLinkAsync(user, runtime, links, ct);
            return Results.Ok(new { url = link.Path, expiresAtUtc = link.ExpiresAtUtc });
        }).RequireAuthorization(Policies.UnlockedKiosk);

        routes.MapPatientCopy();
        return kiosk;
    }

    /// <summary>The field of a tablet task that says the patient asked to talk with the surgeon first (the default workflow's teach-back).</summary>
    public const string PatientHasQuestionsField = "patientHasQuestions";

    /// <summary>
    /// "I have questions": before signing, the teach-back goes to the surgeon's inbox as a clinician discussion; once
    /// the signature is open, the consent is set aside for re-consent, which opens the surgeon's consent discussion again.
    /// Either way the tablet has nothing more to do until a clinician has talked with the patient.
    /// </summary>
    public static async Task AskForClinicianAsync(ClaimsPrincipal user, WorkflowRuntime runtime, TaskSubmitter submitter, CancellationToken ct)
    {
        var task = await CurrentTaskAsync(user, runtime, "en", ct) ?? throw new RejectedException("There is nothing open on this tablet now.");
        if (task.Kind != "Signature")
        {
            await submitter.SubmitAsync(user, task.Id, new JsonObject { [PatientHasQuestionsField] = true }, password: null, idempotencyKey: null, task.Version, ct);
            return;
        }
        await runtime.ReportConsentConcernAsync(user.KioskInstanceId()!.Value, PatientQuestionsConcern, TabletActor(user), staffNote: null, ct);
    }

    /// <summary>The re-consent reason the default workflow lists for a patient who asks to talk again at the signature.</summary>
    public const string PatientQuestionsConcern = "patientQuestions";

    /// <summary>"I decline", confirmed on the tablet: the consent is rejected and the case ends as withdrawn.</summary>
    public static Task DeclineAsync(ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
        runtime.DeclineConsentAsync(user.KioskInstanceId()!.Value, TabletActor(user), ct);

    /// <summary>
    /// "I want to withdraw my consent", confirmed on the tablet after signing: the same withdrawal staff record, by the
    /// patient on this session's one case; the case ends as withdrawn. Without a signed consent it is refused (409): before
    /// signing, the patient declines instead.
    /// </summary>
    public static Task WithdrawAsync(ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
        runtime.WithdrawSignedConsentAsync(user.KioskInstanceId()!.Value, TabletActor(user), ct);

    /// <summary>
    /// Where this tablet's one case stands, read from the server each time the page loads, never remembered by the page:
    /// a reloaded or reopened tablet shows the same as the one that took the signature. Only the kiosk session's own case.
    /// </summary>
    public static Task<PatientConsentStanding> CaseStateAsync(ClaimsPrincipal user, WorkflowRuntime runtime, CancellationToken ct) =>
        runtime.GetPatientConsentStandingAsync(user.KioskInstanceId()!.Value, ct);

    /// <summary>
    /// A one-time link to the patient's copy of this case's consent: at once the copy of what the patient signed, the
    /// sealed document once the staff have signed (see <see cref="Application.Documents.PatientCopies"/>). Only after signing.
    /// </summary>
    public static async Task<(string Path, DateTime ExpiresAtUtc)> IssueCopyLinkAsync(ClaimsPrincipal user, WorkflowRuntime runtime, PatientCopyLinks links, CancellationToken ct)
    {
        if (await CurrentTaskAsync(user, runtime, "en", ct) is not null) throw new RejectedException("The patient's copy is offered after signing.");
        var (token, expires) = await links.IssueAsync(user.KioskSessionId()!.Value, user.KioskInstanceId()!.Value, ct);
        return (PatientCopyEndpoints.PathFor(token), expires);
    }

    /// <summary>The patient (or representative) acting on the tablet, vouched for by the staff member who started the session.</summary>
    private static Actor TabletActor(ClaimsPrincipal user) => new($"kiosk:{user.KioskSessionId()!.Value:N}:{TaskActors.Patient}", TaskActors.Patient);

    /// <summary>The one task this tablet may act on now: the patient's signature, then an external interpreter's; nothing of any other case.</summary>
    public static async Task<TaskView?> CurrentTaskAsync(ClaimsPrincipal user, WorkflowRuntime runtime, string language, CancellationToken ct)
    {
        var open = await runtime.ListTasksAsync(new TaskQuery(InstanceId: user.KioskInstanceId()!.Value, Language: language), ct);
        return open.FirstOrDefault(t => TaskActors.CapacityFor(user, t) is not null);
    }

    public static string StartPage(Guid instanceId) => $"/cases/{instanceId}/signing-session";

    /// <summary>The session's PIN, or the password of staff who may run kiosk sessions; returns who ended it.</summary>
    private static async Task<string?> ExitAllowedByAsync(ExitForm form, Guid sessionId, KioskSessions sessions, UserManager<StaffUser> users, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(form.Pin))
            return await sessions.CheckPinAsync(sessionId, form.Pin, ct) ? $"kiosk-pin:{sessionId:N}" : null;
        if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password) || form.Password.Length > 512) return null;
        var user = await users.FindByNameAsync(form.UserName.Trim());
        if (user is null || user.Disabled || await users.IsLockedOutAsync(user)) return null;
        if (!await users.CheckPasswordAsync(user, form.Password))
        {
            await users.AccessFailedAsync(user);
            return null;
        }
        var roles = await users.GetRolesAsync(user);
        return Policies.Table[Policies.StartKiosk].Roles.Any(roles.Contains) ? user.Id : null;
    }

    private static ChartedPremedication? Premedication(StartForm form, string timeZoneId) => form.PremedicationCharted switch
    {
        "no" => new ChartedPremedication(false, null),
        "yes" => new ChartedPremedication(true, Components.Shared.CaseTime.ToOffsetString(form.PremedicationGivenAt, timeZoneId) is { } text
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime
            : null),
        _ => null,
    };

    private static ExternalInterpreter? Interpreter(StartForm form) =>
        new[] { form.InterpreterName, form.InterpreterIdNumber, form.InterpreterAgency, form.InterpreterMode, form.InterpreterLanguage }.All(string.IsNullOrWhiteSpace)
            ? null
            : new ExternalInterpreter(form.InterpreterName?.Trim() ?? "", form.InterpreterIdNumber?.Trim() ?? "", form.InterpreterAgency?.Trim() ?? "",
                form.InterpreterMode?.Trim() ?? "", form.InterpreterLanguage?.Trim() ?? "");

    private static ClaimsPrincipal Principal(KioskView view) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, $"kiosk:{view.SessionId:N}"), new Claim(ClaimTypes.Name, "Patient tablet"),
        new Claim(ClaimNames.Channel, Channels.Kiosk), new Claim(ClaimNames.KioskSession, view.SessionId.ToString()),
        new Claim(ClaimNames.KioskInstance, view.InstanceId.ToString()),
    ], AuthSchemes.Kiosk));
}
