namespace ConsentFlow.Engine.Runtime;

/// <summary>Base for refusals a caller can act on; messages name ids and fields, never patient data.</summary>
public abstract class WorkflowException(string message) : Exception(message);

public sealed class NotFoundException(string what) : WorkflowException($"{what} was not found.");

/// <summary>Another submission got there first (or the idempotency key was reused with different data).</summary>
public sealed class ConflictException(string message) : WorkflowException(message);

/// <summary>The actor's role may not do this.</summary>
public sealed class ForbiddenException(string message) : WorkflowException(message);

/// <summary>The request is well-formed but the workflow does not allow it now.</summary>
public sealed class RejectedException(string message) : WorkflowException(message);
