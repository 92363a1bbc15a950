using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Runtime;

/// <summary>A new case: its patient (found or added), the case row, the instance, and the first step opened.</summary>
internal static class CaseBooking
{
    public static async Task<InstanceSession> OpenAsync(ConsentFlowDbContext db, TimeProvider clock, WorkflowDefinition definition, int version,
        StartCaseRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var patient = await PatientRegistry.LinkAsync(db, request.Patient, request.Language, now, cancellationToken);
        var patientCase = new PatientCase
        {
            Id = Ids.New(), PatientId = patient.Id, Mrn = request.Patient.Mrn.Trim(), FamilyName = request.Patient.FamilyName.Trim(),
            GivenName = request.Patient.GivenName.Trim(), BirthDate = request.Patient.BirthDate, Sex = request.Patient.Sex,
            Procedure = request.Procedure, Cpt = request.Cpt, Level = request.Level, Side = request.Side, Approach = request.Approach,
            Surgeon = request.Surgeon, SedationPlan = request.SedationPlan, ScheduledStartUtc = request.ScheduledStart.UtcDateTime,
            TimeZoneId = request.TimeZoneId, Language = request.Language, CreatedAtUtc = now,
        };
        var instance = new WorkflowInstance
        {
            Id = Ids.New(), CaseId = patientCase.Id, DefinitionId = definition.Id, DefinitionVersion = version,
            Status = InstanceStatus.Running, CreatedAtUtc = now,
        };
        var session = InstanceSession.Create(db, clock, definition, instance, patientCase, actor);
        // Identifiers stay in the case row; the journal says what was planned, not who the patient is.
        session.Record("workflow.started", null, new
        {
            definition = definition.Id, version, procedure = request.Procedure, cpt = request.Cpt, level = request.Level,
            side = request.Side, approach = request.Approach, surgeon = request.Surgeon, sedationPlan = request.SedationPlan,
            scheduledStartUtc = patientCase.ScheduledStartUtc,
        });
        if (request.BackEntry) session.Record("case.backEntry", null, new { scheduledStartUtc = patientCase.ScheduledStartUtc });
        session.MoveTo(session.NewToken(null), definition.Start);
        return session;
    }
}
