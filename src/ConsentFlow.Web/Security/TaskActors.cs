using System.Security.Claims;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Kiosk;

namespace ConsentFlow.Web.Security;

/// <summary>
/// Decides in which capacity a signed-in person acts on a task, and attests the signer: staff by their account (and,
/// for a signature, their password again), a patient or interpreter by the kiosk session a staff member vouched for.
/// </summary>
public sealed class TaskActors(Reauthentication reauthentication, KioskSessions kiosks, IServiceScopeFactory scopes)
{
    public const string Patient = "patient";
    public const string Witness = "witness";
    public const string Interpreter = "interpreter";

    /// <summary>The patient signature's premedication answers, filled from the hand-over (the default workflow's field ids).</summary>
    public const string ChartedPremedicationField = "premedicationCharted";
    public const string PremedicationGivenAtField = "premedicationGivenAt";

    /// <summary>
    /// Signatures, overrides, anesthesia decisions and forms the definition marks as a personal act (the practitioner's
    /// consent discussion) are acts of the person: they ask for the password again.
    /// </summary>
    public static bool NeedsReauthentication(TaskView task, FormDefinition? form = null) =>
        task.Kind is "Override" or "Escalation" || (task.Kind == "Signature" && !SignsOnTablet(task)) || form?.PersonalAct == true;

    /// <summary>
    /// The patient (or representative) and an external interpreter sign on the locked tablet, never on a staff screen;
    /// the patient also answers there what the definition asks of them (the teach-back questions).
    /// </summary>
    public static bool SignsOnTablet(TaskView task) =>
        task.Kind == "Signature" ? task.SignerRole is Patient or Interpreter : task.Roles.Contains(Patient);

    /// <summary>The capacities a staff account may act in: its roles, and witness for clinical staff.</summary>
    public static IReadOnlyList<string> CapacitiesOf(ClaimsPrincipal user)
    {
        var roles = user.StaffRoles().ToList();
        if (roles.Any(StaffRoles.Witnesses.Contains)) roles.Add(Witness);
        return roles;
    }

    /// <summary>Who may do a shared clinical checklist (access.md: "imaging review, sedation screening, day-of checklist").</summary>
    public static readonly IReadOnlyList<string> ChecklistRoles = [StaffRoles.Nurse, StaffRoles.Surgeon, StaffRoles.Anesthesiologist];

    /// <summary>
    /// access.md puts the imaging review, sedation screening and day-of checklist in one row: nurse, surgeon and
    /// anesthesiologist alike, and an EHR key as its user. The definition marks exactly that row's forms as open to other
    /// systems (<see cref="FormDefinition.SystemsMaySubmit"/>), and opens them as the nurse's task; such a nurse's checklist
    /// is also the surgeon's and the anesthesiologist's. Signatures, overrides, decisions and personal acts never are.
    /// </summary>
    public static bool IsSharedChecklist(TaskView task, FormDefinition? form) =>
        task.Kind == "Form" && form is { SystemsMaySubmit: true, PersonalAct: false } && task.Roles.Contains(StaffRoles.Nurse);

    /// <summary>
    /// The capacity the person would act in on this task (their own role: what the journal records), or null when they
    /// may not act on it. Pass the task's form so a shared checklist (<see cref="IsSharedChecklist"/>) is recognised.
    /// </summary>
    public static string? CapacityFor(ClaimsPrincipal user, TaskView task, FormDefinition? form = null)
    {
        if (user.IsKiosk()) return user.KioskInstanceId() == task.InstanceId && SignsOnTablet(task) ? task.SignerRole ?? Patient : null;
        if (SignsOnTablet(task)) return null;
        var capacities = CapacitiesOf(user);
        return task.Roles.FirstOrDefault(capacities.Contains)
            ?? (IsSharedChecklist(task, form) ? ChecklistRoles.FirstOrDefault(capacities.Contains) : null);
    }

    /// <summary>
    /// The task's role a surgeon or anesthesiologist fills on a shared checklist (the nurse's), for the engine's role
    /// check; null otherwise (the capacity is one of the task's roles, or nothing lets it stand in).
    /// </summary>
    public static string? StandsInFor(string capacity, TaskView task, FormDefinition? form) =>
        !task.Roles.Contains(capacity) && IsSharedChecklist(task, form) && ChecklistRoles.Contains(capacity) ? StaffRoles.Nurse : null;

    public async Task<Actor> ActorForAsync(ClaimsPrincipal user, TaskView task, FormDefinition? form, JsonObject answers, string? password,
        CancellationToken cancellationToken)
    {
        var capacity = CapacityFor(user, task, form) ?? throw new ForbiddenException(SignsOnTablet(task)
            ? $"This step is the {task.SignerRole ?? Patient}'s, done on the patient tablet in a signing session started from the case page."
            : $"This task is for {string.Join(" or ", task.Roles)}; your account may not complete it.");
        if (user.IsKiosk()) return await KioskActorAsync(user, task, answers, cancellationToken);
        // access.md: an EHR key fills the checklists its definition opens to other systems (imaging, screening, day-of), nothing else.
        if (user.Channel() == Channels.ApiKey && (NeedsReauthentication(task, form) || form?.SystemsMaySubmit != true))
            throw new ForbiddenException("An API key may submit only the checklists open to other systems; signatures, overrides, decisions and the consent discussion are acts of a person, given in the app.");
        if (!NeedsReauthentication(task, form)) return new Actor(user.Id(), capacity);
        var attestation = await reauthentication.ConfirmAsync(user, password, cancellationToken);
        return new Actor(user.Id(), capacity, attestation);
    }

    private async Task<Actor> KioskActorAsync(ClaimsPrincipal user, TaskView task, JsonObject answers, CancellationToken cancellationToken)
    {
        var session = await kiosks.FindActiveAsync(user.KioskSessionId()!.Value, cancellationToken)
            ?? throw new ForbiddenException("This signing session has ended.");
        await using var scope = scopes.CreateAsyncScope();
        var staff = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().FindAsync(session.StartedByUserId);
        var vouchedBy = staff?.PrintedName ?? session.StartedByUserId;
        var id = $"kiosk:{session.SessionId:N}:{task.SignerRole ?? Patient}";
        // Answers the patient gives on the tablet (teach-back) are theirs alone: nothing from the hand-over is added.
        if (task.Kind != "Signature") return new Actor(id, Patient);
        if (task.SignerRole == Interpreter)
        {
            var interpreter = session.Interpreter ?? throw new ForbiddenException(
                "No interpreter was recorded when this signing session started; staff must end it and record the interpreter.");
            return new Actor(id, Interpreter, new SignerAttestation(interpreter.Name, "kiosk session; interpreter recorded by staff", session.StartedByUserId,
                vouchedBy, $"ID {interpreter.IdNumber}, {interpreter.Agency}, {interpreter.Mode}, {interpreter.Language}"));
        }
        // What the medication record showed is the staff member's word from the hand-over, never the (possibly sedated) patient's.
        answers[ChartedPremedicationField] = session.Premedication.Charted;
        if (session.Premedication.GivenAtUtc is { } givenAt) answers[PremedicationGivenAtField] = new DateTimeOffset(givenAt, TimeSpan.Zero).ToString("O");
        else answers.Remove(PremedicationGivenAtField);
        var printedName = answers["printedName"] is JsonValue value && value.TryGetValue<string>(out var name) ? name.Trim() : "";
        return new Actor(id, Patient, new SignerAttestation(printedName, "kiosk session; two identifiers and photo ID checked by staff",
            session.StartedByUserId, vouchedBy));
    }
}
