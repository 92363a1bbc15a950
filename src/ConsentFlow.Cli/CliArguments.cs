namespace ConsentFlow.Cli;

/// <summary>
/// The few shapes this CLI needs (<c>PATH</c>, <c>--out DIR</c>, <c>--verbose</c>); small enough that a parser
/// library would add more than it saves.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments(string command, List<string> positional)
    {
        Command = command;
        Positional = positional;
    }

    public string Command { get; }
    public IReadOnlyList<string> Positional { get; }

    /// <param name="valueOptions">Options followed by a value, e.g. "--out".</param>
    /// <param name="flags">Options that stand alone, e.g. "--verbose".</param>
    public static CliArguments Parse(string command, IEnumerable<string> args, string[] valueOptions, string[] flags)
    {
        var result = new CliArguments(command, []);
        using var tokens = args.GetEnumerator();
        while (tokens.MoveNext())
        {
            var token = tokens.Current;
            if (!token.StartsWith("--", StringComparison.Ordinal) || token == "--")
            {
                ((List<string>)result.Positional).Add(token);
                continue;
            }
            var (name, inline) = token.IndexOf('=') is var eq and > 0 ? (token[..eq], token[(eq + 1)..]) : (token, null);
            if (flags.Contains(name)) result._flags.Add(name);
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (tokens.MoveNext() ? tokens.Current : null);
                if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{command}: {name} needs a value");
                result._values[name] = value;
            }
            else
            {
                var known = valueOptions.Concat(flags).ToList();
                throw new UsageException($"{command}: unknown option {name}" + (known.Count == 0 ? "" : $" (known: {string.Join(", ", known)})"));
            }
        }
        return result;
    }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public string RequiredValue(string name, string what) =>
        Value(name) ?? throw new UsageException($"{Command}: {name} {what} is required");

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>The single positional argument, e.g. PATH.</summary>
    public string Single(string what)
    {
        return Positional.Count switch
        {
            1 => Positional[0],
            0 => throw new UsageException($"{Command}: {what} is required"),
            _ => throw new UsageException($"{Command}: expected one {what}, got {Positional.Count}: {string.Join(" ", Positional)}"),
        };
    }

    public void NoPositional()
    {
        if (Positional.Count > 0) throw new UsageException($"{Command}: unexpected argument '{Positional[0]}'");
    }
}
