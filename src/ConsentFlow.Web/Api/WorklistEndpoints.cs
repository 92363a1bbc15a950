using System.Security.Claims;
using System.Text.Json.Serialization;
using ConsentFlow.Application.Reading;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Api;

/// <summary>A board search. The search term is an MRN or a name, so it travels in a body, never in a URL.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WorklistSearchBody(DateOnly? From = null, DateOnly? To = null, string? State = null, string? Surgeon = null, string? Role = null,
    string? Search = null, string? Continuation = null, int? PageSize = null, string? Lang = null);

/// <summary>
/// A patient lookup by identifier. An MRN is one of HIPAA's eighteen identifiers (PHI), and URLs end up in proxy logs,
/// browser history and referrers, so the lookup is a POST with the MRN in its body rather than GET /api/v1/patients?mrn=.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PatientLookupBody(string? Mrn, string? MrnSystem = null);

/// <summary>The board's list (the read model), its search, and the patient lookup of the new-case screen.</summary>
public static class WorklistEndpoints
{
    public static IServiceCollection AddConsentFlowWorklist(this IServiceCollection services, IConfiguration configuration)
    {
        var clinic = configuration.GetSection("ConsentFlow:Clinic");
        services.AddSingleton(new ClinicSettings(
            clinic["TimeZone"] is { Length: > 0 } zone ? zone : ClinicSettings.DefaultTimeZone,
            clinic["MrnSystem"] is { Length: > 0 } system ? system : Patient.LocalMrnSystem));
        services.AddSingleton<Worklist>();
        services.AddSingleton<PatientDirectory>();
        return services;
    }

    /// <summary>GET /api/v1/cases: filters that are not PHI (dates, state, surgeon, role) in the query string; search is POST /api/v1/cases/search.</summary>
    public static async Task<WorklistPage> ListAsync(Worklist worklist, ClaimsPrincipal user, CancellationToken ct, DateOnly? from = null, DateOnly? to = null,
        string? state = null, string? surgeon = null, string? role = null, string? continuation = null, int? pageSize = null, string? lang = null) =>
        (await worklist.ListAsync(new WorklistQuery(from, to, ParseState(state), surgeon, role, null, continuation, pageSize, Language.Normalize(lang)), ct)).For(user, Language.Normalize(lang));

    public static RouteGroupBuilder MapWorklistEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/cases/search", async (WorklistSearchBody body, Worklist worklist, ClaimsPrincipal user, CancellationToken ct) =>
                (await worklist.ListAsync(new WorklistQuery(body.From, body.To, ParseState(body.State), body.Surgeon, body.Role, body.Search,
                    body.Continuation, body.PageSize, Language.Normalize(body.Lang)), ct)).For(user, Language.Normalize(body.Lang)))
            .WithTags("Cases").RequireAuthorization(Policies.ReadCases).WithBodyLimit(BodyLimits.Small).AuditsAccess<RouteHandlerBuilder, WorklistPage>(AccessKind.CaseListed, Shown)
            .WithSummary("The board searched by MRN or name (in the body: PHI stays out of URLs), with the same filters and continuation as GET /api/v1/cases");

        var patients = routes.MapGroup("/api/v1/patients").WithTags("Patients").RequireAuthorization(Policies.ManageCases);
        patients.MapPost("/lookup", async (PatientLookupBody body, PatientDirectory directory, HttpContext http, CancellationToken ct) =>
            {
                if (await directory.LookUpAsync(body.Mrn ?? "", body.MrnSystem, ct) is not { } found)
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No patient is on record with this MRN.");
                AccessAuditing.Showed(http, found.InstanceIds);
                return Results.Ok(found.Patient);
            })
            .Produces<PatientRecord>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithBodyLimit(BodyLimits.Small).AuditsAccess(AccessKind.PatientLookedUp)
            .WithSummary("The patient on record with an MRN (body: mrn, optional mrnSystem), for booking a case; 404 when none");
        return patients;
    }

    /// <summary>The cases a board page showed: each is audited as seen by this person.</summary>
    public static IEnumerable<Guid> Shown(WorklistPage page) => page.Items.Select(item => item.Case.InstanceId);

    private static ReadinessState? ParseState(string? state) =>
        string.IsNullOrWhiteSpace(state) || state.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
        : Enum.TryParse<ReadinessState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new FormValidationException("worklist", [new FieldError("state", "must be one of: Done, Waiting, Blocked")]);
}
