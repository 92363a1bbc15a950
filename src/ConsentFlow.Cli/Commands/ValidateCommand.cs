using ConsentFlow.Cli.Validation;
using ConsentFlow.Engine.Definitions;

namespace ConsentFlow.Cli.Commands;

/// <summary><c>validate PATH</c>: schema and semantic checks of every definition, plus the consent templates of a folder.</summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(CliArguments args, CliConsole console, CancellationToken cancellationToken, TemplateLint? lint = null)
    {
        var path = args.Single("PATH (a *.workflow.json file or a folder)");
        if (!File.Exists(path) && !Directory.Exists(path)) throw new UsageException($"validate: '{path}' does not exist");

        var (valid, problems) = await DefinitionLoader.LoadAsync(path, cancellationToken);
        var lines = problems.Select(p => p.ToString()).ToList();

        var templates = Path.Combine(path, ConsentTemplateLint.FolderName);
        var lintedTemplates = Directory.Exists(templates);
        if (lintedTemplates) lines.AddRange(await (lint ?? ConsentTemplateLint.RunAsync)(templates, cancellationToken));

        foreach (var line in lines) await console.Out.WriteLineAsync(line);
        if (lines.Count > 0)
        {
            await console.Error.WriteLineAsync($"{lines.Count} problem(s) found.");
            return ExitCodes.Failure;
        }
        await console.Out.WriteLineAsync($"OK: {valid.Count} workflow definition(s) valid" + (lintedTemplates ? "; consent templates valid." : "."));
        return ExitCodes.Ok;
    }
}
