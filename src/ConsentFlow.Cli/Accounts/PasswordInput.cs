using System.Text;

namespace ConsentFlow.Cli.Accounts;

/// <summary>
/// A new account's password: typed at a prompt without echo, or piped on standard input with <c>--password-stdin</c>.
/// Never an argument: arguments show in process lists and shell history.
/// </summary>
internal static class PasswordInput
{
    public static async Task<string> ReadAsync(CliArguments args, CliConsole console, string userName, CancellationToken cancellationToken)
    {
        // At a terminal even --password-stdin is read without echo: a typed password must not appear on screen.
        if (console.InteractiveInput)
        {
            var first = await PromptAsync(console, $"Password for {userName}: ", cancellationToken);
            var again = await PromptAsync(console, "The same password again: ", cancellationToken);
            return first == again ? first : throw new UsageException($"{args.Command}: the two passwords differ; nothing was created");
        }
        if (!args.Flag("--password-stdin"))
            throw new UsageException($"{args.Command}: no terminal to ask for the password; pipe it on standard input with --password-stdin");
        var line = await console.In.ReadLineAsync(cancellationToken);
        return string.IsNullOrEmpty(line) ? throw new UsageException($"{args.Command}: --password-stdin: standard input held no password") : line;
    }

    /// <summary>Refuses <c>--password VALUE</c> with the reason, rather than as one more unknown option.</summary>
    public static void RefuseAsArgument(string command, IEnumerable<string> args)
    {
        if (args.Any(a => a == "--password" || a.StartsWith("--password=", StringComparison.Ordinal)))
            throw new UsageException($"{command}: a password is never taken as an argument (process lists and shell history show them); " +
                "answer the prompt or pipe it with --password-stdin");
    }

    private static async Task<string> PromptAsync(CliConsole console, string prompt, CancellationToken cancellationToken)
    {
        await console.Error.WriteAsync(prompt);
        await console.Error.FlushAsync(cancellationToken);
        // Console.ReadKey cannot be cancelled; waiting for it from the side still lets Ctrl+C end the command.
        var typed = await Task.Run(ReadWithoutEcho, CancellationToken.None).WaitAsync(cancellationToken);
        await console.Error.WriteLineAsync();
        return typed;
    }

    private static string ReadWithoutEcho()
    {
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) return typed.ToString();
            if (key.Key == ConsoleKey.Backspace) typed.Length = Math.Max(0, typed.Length - 1);
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
    }
}
