using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Engine.Scenarios;

/// <summary>The scenario has no open task of that step (or signer) to act on.</summary>
public sealed class TaskNotOpenException(string message) : WorkflowException(message);

/// <summary>Names a refusal the way scenario files do: validation, conflict, forbidden, rejected, notFound.</summary>
public static class ScenarioErrors
{
    public static string? KindOf(Exception exception) => exception switch
    {
        FormValidationException => "validation",
        ConflictException => "conflict",
        ForbiddenException => "forbidden",
        RejectedException => "rejected",
        NotFoundException or TaskNotOpenException => "notFound",
        _ => null,
    };
}
