using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task The_clinic_workflows_and_consent_templates_are_valid()
    {
        var run = await CliRun.RunAsync("validate", RepositoryPaths.Workflows);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OK:", run.Out);
    }

    [Theory]
    [MemberData(nameof(BrokenDefinitions.Names), MemberType = typeof(BrokenDefinitions))]
    public async Task A_broken_definition_is_reported_as_file_jsonpath_message_and_exits_1(string mistake)
    {
        using var folder = new TempFolder();
        var (file, expected) = BrokenDefinitions.Write(folder.Path, mistake);

        var run = await CliRun.RunAsync("validate", file);

        Assert.Equal(1, run.ExitCode);
        Assert.All(run.OutLines, line => Assert.StartsWith($"{file}: $", line));
        Assert.True(run.OutLines.Any(line => line.StartsWith(expected, StringComparison.Ordinal)), $"expected a line starting\n{expected}\n{run}");
    }

    [Fact]
    public async Task A_folder_with_broken_definitions_lists_every_file_s_problems()
    {
        using var folder = new TempFolder();
        var expected = BrokenDefinitions.All.Keys.Select(name => BrokenDefinitions.Write(folder.Path, name)).ToList();

        var run = await CliRun.RunAsync("validate", folder.Path);

        Assert.Equal(1, run.ExitCode);
        foreach (var (file, line) in expected)
            Assert.True(run.OutLines.Any(l => l.StartsWith(line, StringComparison.Ordinal)), $"missing {line}\n{run}");
    }

    [Fact]
    public async Task Consent_template_problems_are_reported_with_the_definitions()
    {
        using var folder = new TempFolder();
        File.Copy(RepositoryPaths.DefaultWorkflow, folder.File("peld-consent.workflow.json"));
        var lint = (string templates, CancellationToken _) =>
            Task.FromResult<IReadOnlyList<string>>([$"{templates}/peld-consent.es.md: risks: section is in the 'en' template but not translated"]);
        Directory.CreateDirectory(folder.File("consent-templates"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ConsentFlow.Cli.Commands.ValidateCommand.RunAsync(
            ConsentFlow.Cli.CliArguments.Parse("validate", [folder.Path], [], []), new ConsentFlow.Cli.CliConsole(output, error),
            CancellationToken.None, new ConsentFlow.Cli.Validation.TemplateLint(lint));

        Assert.Equal(1, code);
        Assert.Contains("peld-consent.es.md: risks: section is in the 'en' template but not translated", output.ToString());
    }
}
