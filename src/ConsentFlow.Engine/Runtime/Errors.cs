namespace ConsentFlow.Engine.Runtime;

/// <summary>Base for refusals a caller can act on; messages name ids and fields, never patient data.</summary>
public abstract class WorkflowException(string message) : Exception(message);

public sealed class NotFoundException(string what) : WorkflowException($"{what} was not found.");

/// <summary>Another submission got there first (or the idempotency key was reused with different data).</summary>
public class ConflictException(string message) : WorkflowException(message);

/// <summary>The caller acted on a version of a task or case that has changed since (a stale If-Match): reload and decide again.</summary>
public sealed class StaleVersionException(string message) : ConflictException(message);

/// <summary>The actor's role may not do this.</summary>
public sealed class ForbiddenException(string message) : WorkflowException(message);

/// <summary>The request is well-formed but the workflow does not allow it now.</summary>
public sealed class RejectedException(string message) : WorkflowException(message);
