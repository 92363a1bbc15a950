namespace ConsentFlow.Cli;

/// <summary>Where commands write: results to <see cref="Out"/> (pipeable), progress, prompts and diagnostics to <see cref="Error"/>.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>Standard input, for what must not be an argument (a password).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>A person types standard input at a terminal, so a prompt can be answered and its echo turned off.</summary>
    public bool InteractiveInput { get; init; }
}
