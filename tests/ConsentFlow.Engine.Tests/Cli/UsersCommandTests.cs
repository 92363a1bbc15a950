using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class UsersCommandTests
{
    [Fact]
    public async Task Users_add_creates_the_first_administrator_of_a_new_installation()
    {
        using var cli = new AccountCli();

        var run = await cli.RunAsync("users", "add",
            ["--user", "it.admin", "--name", "Ines Torres", "--title", "IT", "--roles", "administrator", "--password-stdin"], AccountCli.Password + "\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("OK: created it.admin (Ines Torres, IT), roles administrator, id ", run.Out);
        await using var services = cli.Services();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admin = await users.FindByNameAsync("it.admin");
        Assert.NotNull(admin);
        Assert.True(await users.CheckPasswordAsync(admin, AccountCli.Password), "the password piped on standard input is the one stored");
        Assert.Equal(["administrator"], await users.GetRolesAsync(admin));
        await using var store = cli.OpenStore();
        var created = await store.AuditEvents.SingleAsync(e => e.Kind == nameof(SecurityEventKind.UserCreated));
        Assert.Equal($"cli:{Environment.UserName}", created.ActorId);
        Assert.Equal(admin.Id, created.Subject);
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused_and_names_the_field()
    {
        using var cli = new AccountCli();

        var run = await cli.AddUserAsync("nurse.kim", "nurse", password: "eleven-char");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("consentflow: password: Passwords must be at least 12 characters.", run.Error.Trim());
        var list = await cli.RunAsync("users", "list", []);
        Assert.DoesNotContain("nurse.kim", list.Out);
    }

    [Fact]
    public async Task A_password_is_never_taken_from_an_argument_and_nothing_is_created()
    {
        using var cli = new AccountCli();

        var run = await cli.RunAsync("users", "add", ["--user", "kim", "--name", "Kim", "--roles", "nurse", "--password", AccountCli.Password]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a password is never taken as an argument", run.Error);
        Assert.False(Directory.Exists(cli.DataFolder));
    }

    [Fact]
    public async Task Without_a_terminal_users_add_needs_password_stdin_and_creates_nothing()
    {
        using var cli = new AccountCli();

        var run = await cli.RunAsync("users", "add", ["--user", "kim", "--name", "Kim", "--roles", "nurse"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pipe it on standard input with --password-stdin", run.Error);
        Assert.False(Directory.Exists(cli.DataFolder));
    }

    [Fact]
    public async Task An_unknown_role_is_refused_and_named()
    {
        using var cli = new AccountCli();

        var run = await cli.AddUserAsync("kim", "nurse,janitor");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("consentflow: --roles: 'janitor' is not a role; use nurse, surgeon,", run.Error);
    }

    [Fact]
    public async Task A_user_name_with_a_space_is_refused_on_the_user_option_not_the_password()
    {
        using var cli = new AccountCli();

        var run = await cli.AddUserAsync("kim lee", "nurse");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("consentflow: --user: 'kim lee' may contain only letters, digits and", run.Error);
    }

    [Fact]
    public async Task A_user_name_is_taken_once()
    {
        using var cli = new AccountCli();
        Assert.Equal(0, (await cli.AddUserAsync("kim", "nurse")).ExitCode);

        var run = await cli.AddUserAsync("KIM", "surgeon");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("consentflow: --user: is taken", run.Error);
    }

    [Fact]
    public async Task Users_list_shows_roles_whether_disabled_and_whether_a_password_is_set()
    {
        using var cli = new AccountCli();
        Assert.Equal(0, (await cli.AddUserAsync("kim", "scheduler,Nurse")).ExitCode);
        Assert.Equal(0, (await cli.AddUserAsync("okafor", "surgeon")).ExitCode);

        var disable = await cli.RunAsync("users", "disable", ["--user", "okafor"]);
        var list = await cli.RunAsync("users", "list", []);

        Assert.True(disable.ExitCode == 0, disable.ToString());
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(["USER", "NAME", "TITLE", "ROLES", "DISABLED", "PASSWORD"], Cells(list.OutLines[0]));
        Assert.Equal(["kim", "kim Example", "-", "nurse,scheduler", "no", "yes"], Cells(list.OutLines[1]));
        Assert.Equal(["okafor", "okafor Example", "-", "surgeon", "yes", "yes"], Cells(list.OutLines[2]));
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

    private static string[] Cells(string line) => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
