using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_takes_a_synthetic_patient_to_ready_on_a_new_database_with_an_intact_journal()
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "demo");

        var run = await CliRun.RunAsync("demo", "--out", output, "--workflows", RepositoryPaths.Workflows);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(Path.Combine(output, "consentflow-demo.db")));
        Assert.Contains("opens imaging-review for nurse", run.Out);
        Assert.Contains("patient completes consent-signature/patient", run.Out);
        Assert.Contains("consent is active", run.Out);
        Assert.Contains("Readiness: done (Ready)", run.Out);
        Assert.Contains("Journal: intact", run.Out);

        var verify = await CliRun.RunAsync("journal", "verify", "--db", Path.Combine(output, "consentflow-demo.db"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Demo_run_twice_in_the_same_folder_starts_a_new_database()
    {
        using var folder = new TempFolder();

        var first = await CliRun.RunAsync("demo", "--out", folder.Path, "--workflows", RepositoryPaths.Workflows);
        var second = await CliRun.RunAsync("demo", "--out", folder.Path, "--workflows", RepositoryPaths.Workflows);

        Assert.Equal(0, first.ExitCode);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.OutLines.Count, second.OutLines.Count);
    }
}
