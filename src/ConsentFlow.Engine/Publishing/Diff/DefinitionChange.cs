namespace ConsentFlow.Engine.Publishing;

/// <summary>What part of a workflow a change touches, in the words an administrator reviews it by.</summary>
public enum DiffArea { Workflow, Step, Form, Field, Rule, Threshold, Role, Message }

public enum DiffKind { Added, Removed, Changed }

/// <summary>
/// One reviewable change between two versions, e.g. a rule's threshold: <c>Rule · sedation-hard-stop › asa-class: when
/// changed (numbers 4 → 3)</c>. <see cref="Before"/> and <see cref="After"/> hold the old and new value where there is one.
/// </summary>
public sealed record DefinitionChange(DiffArea Area, DiffKind Kind, string Subject, string What, string? Before = null, string? After = null)
{
    public override string ToString()
    {
        var values = (Before, After) switch
        {
            (null, null) => "",
            (null, { } after) => $": {after}",
            ({ } before, null) => $": was {before}",
            ({ } before, { } after) => $": {before} → {after}",
        };
        return $"{Kind} {Area.ToString().ToLowerInvariant()} {Subject}{(What.Length == 0 ? "" : " " + What)}{values}";
    }
}

/// <summary>Every change from one version to the next; empty when they mean the same (formatting aside).</summary>
public sealed record DefinitionChanges(int? FromVersion, IReadOnlyList<DefinitionChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>One line per change, for the version history and the journal.</summary>
    public string Summary => IsEmpty ? "No change in meaning." : string.Join('\n', Changes.Select(c => c.ToString()));

    public int Count(DiffArea area) => Changes.Count(c => c.Area == area);
}
