namespace ConsentFlow.Engine.Tests.Cli;

public sealed class UsageTests
{
    [Fact]
    public async Task No_command_prints_usage_and_exits_2()
    {
        var run = await CliRun.RunAsync();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("consentflow validate PATH", run.Error);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var run = await CliRun.RunAsync("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("journal verify --db FILE", run.Out);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate")]
    [InlineData("validate", "a", "b")]
    [InlineData("validate", "/no/such/folder")]
    [InlineData("test", "--verbose")]
    [InlineData("demo")]
    [InlineData("demo", "--out")]
    [InlineData("demo", "--out", "x", "--colour")]
    [InlineData("journal")]
    [InlineData("journal", "verify")]
    [InlineData("journal", "verify", "--db", "/no/such/file.db")]
    [InlineData("journal", "verify", "--db", "a.db", "--postgres", "Host=localhost")]
    [InlineData("users", "list", "--sqlserver", "Server=x", "--postgres", "Host=localhost")]
    public async Task A_wrong_command_line_exits_2_with_a_helpful_message(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("consentflow: ", run.Error);
        Assert.Contains("--help", run.Error);
    }
}
