using ConsentFlow.Fhir;
using ConsentFlow.Web.Security;
using Hl7.Fhir.Model;

namespace ConsentFlow.Web.Fhir;

/// <summary>
/// Tells the access audit which cases a FHIR answer showed: every resource of a read, a history, a case Bundle or a
/// search page with its includes. Runs inside the audit filter (added after it on the group), so the one audit
/// record of the request names each case: "who viewed this case" then finds FHIR searches and reads too.
/// </summary>
public static class FhirCasesShown
{
    public static RouteGroupBuilder NamesCasesShown(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (result is FhirResult { StatusCode: < 300, Resource: not OperationOutcome } answer)
            {
                var http = context.HttpContext;
                // One database round trip for the whole answer, however many resources it holds.
                var reader = http.RequestServices.GetRequiredService<FhirReader>();
                AccessAuditing.Showed(http, await reader.InstancesShownAsync([answer.Resource], http.RequestAborted));
            }
            return result;
        });
        return group;
    }
}
