using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class ApiKeyCommandTests
{
    [Fact]
    public async Task Apikey_create_prints_the_key_once_and_stores_only_its_hash()
    {
        using var cli = new AccountCli();
        Assert.Equal(0, (await cli.AddUserAsync("ehr", "nurse")).ExitCode);

        var run = await cli.RunAsync("apikey", "create", ["--user", "ehr", "--scopes", "read,documents", "--name", "EHR interface"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var key = Assert.Single(run.OutLines);
        Assert.StartsWith("cfk_", key);
        Assert.Contains("cannot be shown again", run.Error);
        Assert.DoesNotContain(key, run.Error);
        var secret = key.Split('_')[2];

        await using (var store = cli.OpenStore())
        {
            var row = await store.ApiKeys.SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), row.SecretSha256);
            Assert.Equal(key.Split('_')[1], row.Prefix);
            Assert.Equal("read,documents", row.Scopes);
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(cli.DataFolder))
            Assert.DoesNotContain(secret, Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file)));

        var list = await cli.RunAsync("apikey", "list", []);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.DoesNotContain(secret, list.Out);
        Assert.Contains("EHR interface", list.Out);
        var identity = await cli.AuthenticateAsync(key);
        Assert.NotNull(identity);
        Assert.Equal(["read", "documents"], identity.Scopes);
    }

    [Fact]
    public async Task A_revoked_key_no_longer_authenticates()
    {
        using var cli = new AccountCli();
        Assert.Equal(0, (await cli.AddUserAsync("ehr", "nurse")).ExitCode);
        var key = await cli.CreateKeyAsync("ehr", "read");
        var prefix = key.Split('_')[1];

        var revoke = await cli.RunAsync("apikey", "revoke", ["--key", prefix]);

        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.StartsWith($"OK: key {prefix} of ehr revoked at ", revoke.Out);
        Assert.Null(await cli.AuthenticateAsync(key));
        var list = await cli.RunAsync("apikey", "list", []);
        Assert.Matches($@"^{Regex(prefix)}\s+-\s+ehr\s+read\s+\S+ \S+\s+\d{{4}}-\d\d-\d\d \d\d:\d\dZ\s+-$", list.OutLines[1]);
    }

    [Fact]
    public async Task Disable_refuses_further_keys_and_ends_the_existing_ones()
    {
        using var cli = new AccountCli();
        Assert.Equal(0, (await cli.AddUserAsync("ehr", "nurse")).ExitCode);
        var key = await cli.CreateKeyAsync("ehr", "read,write");
        Assert.NotNull(await cli.AuthenticateAsync(key));

        Assert.Equal(0, (await cli.RunAsync("users", "disable", ["--user", "ehr"])).ExitCode);
        var again = await cli.RunAsync("apikey", "create", ["--user", "ehr", "--scopes", "read"]);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("consentflow: --user: the account is disabled", again.Error.Trim());
        Assert.Empty(again.Out);
        Assert.Null(await cli.AuthenticateAsync(key));
    }

    [Fact]
    public async Task A_key_for_an_unknown_user_or_revoking_an_unknown_key_is_refused_and_named()
    {
        using var cli = new AccountCli();
        Assert.Equal(0, (await cli.AddUserAsync("ehr", "nurse")).ExitCode);

        var create = await cli.RunAsync("apikey", "create", ["--user", "nobody", "--scopes", "read"]);
        var revoke = await cli.RunAsync("apikey", "revoke", ["--key", "no-such-prefix"]);

        Assert.Equal(1, create.ExitCode);
        Assert.Equal("consentflow: --user: no such account", create.Error.Trim());
        Assert.Equal(1, revoke.ExitCode);
        Assert.Equal("consentflow: --key: no such key", revoke.Error.Trim());
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
