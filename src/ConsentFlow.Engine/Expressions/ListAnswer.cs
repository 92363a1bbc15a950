namespace ConsentFlow.Engine.Expressions;

/// <summary>
/// The typed answer of a list field (e.g. each antithrombotic with its last dose): one dictionary of item-field values
/// per entry. An empty list is an answer ("none"); a missing list is unknown.
/// </summary>
public sealed record ListAnswer(IReadOnlyList<IReadOnlyDictionary<string, object?>> Items);
