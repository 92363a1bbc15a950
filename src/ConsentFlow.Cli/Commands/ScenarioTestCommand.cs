using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Engine.Scenarios;

namespace ConsentFlow.Cli.Commands;

/// <summary><c>test PATH</c>: runs every scenario, prints PASS/FAIL per scenario with the reasons, exit 1 on any failure.</summary>
internal static class ScenarioTestCommand
{
    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var path = args.Single("PATH (a *.scenario.json file or a folder)");
        if (!File.Exists(path) && !Directory.Exists(path)) throw new UsageException($"test: '{path}' does not exist");
        var verbose = args.Flag("--verbose");

        var (scenarios, problems) = await ScenarioLoader.LoadAsync(path, cancellationToken);
        foreach (var problem in problems) await console.Out.WriteLineAsync($"ERROR {problem}");

        var failed = 0;
        foreach (var scenario in scenarios)
        {
            var result = await ScenarioRunner.RunAsync(scenario, folder => SqliteStorage.File(Path.Combine(folder, "scenario.db")), cancellationToken);
            if (!result.Passed) failed++;
            await console.Out.WriteLineAsync($"{(result.Passed ? "PASS" : "FAIL")}  {scenario.Name}  ({Path.GetFileName(scenario.File)}, {result.Elapsed.TotalSeconds:0.0} s)");
            if (verbose || !result.Passed)
                foreach (var line in result.Trace) await console.Out.WriteLineAsync($"        {line}");
            foreach (var failure in result.Failures) await console.Out.WriteLineAsync($"      {failure}");
        }

        var passed = scenarios.Count - failed;
        await console.Out.WriteLineAsync($"{passed} passed, {failed} failed" + (problems.Count > 0 ? $", {problems.Count} file problem(s)" : "") + ".");
        return failed == 0 && problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
