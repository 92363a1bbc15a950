namespace ConsentFlow.Engine.Definitions;

/// <summary>One thing wrong with a definition: where (file and JSON path) and what.</summary>
public sealed record DefinitionProblem(string File, string JsonPath, string Message)
{
    public override string ToString() => $"{File}: {JsonPath}: {Message}";
}

/// <summary>Thrown when an invalid definition is about to be published or started; it never reaches running instances.</summary>
public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : Exception($"The workflow definition is invalid ({problems.Count} problem(s)): " + string.Join("; ", problems.Take(5)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}
