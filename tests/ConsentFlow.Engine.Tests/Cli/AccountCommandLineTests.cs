using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests.Cli;

/// <summary>The account commands' command lines and databases: what is refused before anything is created or changed.</summary>
public sealed class AccountCommandLineTests
{
    [Theory]
    [InlineData(2, "a password is never taken as an argument", "users", "add", "--user", "kim", "--name", "Kim", "--roles", "nurse", "--password", "x")]
    [InlineData(2, "no terminal to ask for the password; pipe it on standard input with --password-stdin",
        "users", "add", "--user", "kim", "--name", "Kim", "--roles", "nurse")]
    [InlineData(1, "--scopes: 'admin' is not a scope; use read, write, documents", "apikey", "create", "--user", "ehr", "--scopes", "read,admin")]
    public async Task A_command_refused_before_it_starts_names_why_and_creates_no_database(int exitCode, string message, string group,
        string subcommand, params string[] options)
    {
        using var cli = new AccountCli();

        var run = await cli.RunAsync(group, subcommand, options);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.False(Directory.Exists(cli.DataFolder));
    }

    [Theory]
    [InlineData("users", "list")]
    [InlineData("users", "disable", "--user", "kim")]
    [InlineData("apikey", "list")]
    [InlineData("apikey", "revoke", "--key", "abc")]
    public async Task List_on_a_missing_database_file_is_a_usage_error_and_creates_nothing(string group, string subcommand, params string[] options)
    {
        using var cli = new AccountCli();
        Directory.CreateDirectory(cli.DataFolder);

        var run = await cli.RunAsync(group, subcommand, options);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"consentflow: {group} {subcommand}: database file '{cli.Database}' does not exist", run.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cli.DataFolder));
    }

    [Fact]
    public async Task A_database_without_account_tables_is_reported_and_left_unchanged()
    {
        using var cli = new AccountCli();
        await ConsentFlowEngine.OpenAsync(cli.Storage, clock: null, CancellationToken.None); // a workflow database from before accounts
        SqliteConnection.ClearAllPools();

        var run = await cli.RunAsync("users", "list", []);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("this database has no account tables yet", run.Error);
        await using var store = cli.OpenStore();
        Assert.NotEmpty(await store.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData("users")]
    [InlineData("users", "remove")]
    [InlineData("users", "add", "--db", "x.db", "--name", "Kim", "--roles", "nurse")]
    [InlineData("users", "disable", "--db", "x.db")]
    [InlineData("apikey")]
    [InlineData("apikey", "create", "--db", "x.db", "--user", "kim")]
    [InlineData("apikey", "revoke", "--key", "abc")]
    public async Task A_wrong_account_command_line_exits_2_with_a_helpful_message(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("consentflow: ", run.Error);
        Assert.False(File.Exists("x.db"));
    }

    [Fact]
    public async Task Help_lists_the_account_commands_with_the_roles_and_scopes()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Contains("consentflow users add --db FILE --user NAME", run.Out);
        Assert.Contains("consentflow apikey revoke --db FILE --key PREFIX-OR-ID", run.Out);
        Assert.Contains("Roles: nurse, surgeon, anesthesiologist, scheduler, administrator.", run.Out);
    }
}
