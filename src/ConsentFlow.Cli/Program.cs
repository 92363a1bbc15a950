using ConsentFlow.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops cleanly (throwaway databases are deleted); a second one kills the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
var console = new CliConsole(Console.Out, Console.Error) { In = Console.In, InteractiveInput = !Console.IsInputRedirected };
return await CliApp.RunAsync(args, console, cancellation.Token);
