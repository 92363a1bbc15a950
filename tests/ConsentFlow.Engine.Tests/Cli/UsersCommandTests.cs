using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using Microsoft.AspNetCore.Identity;
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

    [Theory]
    [InlineData("nurse,janitor", "kim", "consentflow: --roles: 'janitor' is not a role; use nurse, surgeon,")]
    [InlineData("nurse", "kim lee", "consentflow: --user: 'kim lee' may contain only letters, digits and")]
    public async Task An_unknown_role_or_a_user_name_with_a_space_is_refused_and_the_option_named(string roles, string userName, string message)
    {
        using var cli = new AccountCli();

        var run = await cli.AddUserAsync(userName, roles);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(message, run.Error);
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

    private static string[] Cells(string line) => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task A_forgotten_password_is_reset_offline_and_a_disabled_account_enabled_again()
    {
        using var cli = new AccountCli();
        await cli.AddUserAsync("okafor", "surgeon");
        var disabled = await cli.RunAsync("users", "disable", ["--user", "okafor"]);
        Assert.Equal(0, disabled.ExitCode);
        var reset = await cli.RunAsync("users", "reset-password", ["--user", "okafor", "--password-stdin"], "a brand new long password\n");
        Assert.Equal(0, reset.ExitCode);
        var enabled = await cli.RunAsync("users", "enable", ["--user", "okafor"]);
        Assert.Equal(0, enabled.ExitCode);

        await using var services = cli.Services();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var account = (await users.FindByNameAsync("okafor"))!;
        Assert.False(account.Disabled);
        Assert.True(await users.CheckPasswordAsync(account, "a brand new long password"));
        Assert.False(await users.CheckPasswordAsync(account, AccountCli.Password));

        var tooShort = await cli.RunAsync("users", "reset-password", ["--user", "okafor", "--password-stdin"], "short\n");
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("password", tooShort.Error);
    }
}
