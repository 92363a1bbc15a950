using ConsentFlow.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class JournalVerifyCommandTests
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task An_untouched_journal_verifies_and_exits_0()
    {
        await using var test = await JournalWithACaseAsync();

        var run = await CliRun.RunAsync("journal", "verify", "--db", test.DatabasePath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("OK: journal intact", run.Out);
    }

    [Fact]
    public async Task One_row_edited_with_raw_sql_is_reported_as_the_first_broken_entry_and_exits_1()
    {
        await using var test = await JournalWithACaseAsync();
        long tampered;
        await using (var connection = new SqliteConnection($"Data Source={test.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            var pick = connection.CreateCommand();
            pick.CommandText = "SELECT Sequence FROM Journal WHERE Stream LIKE 'instance:%' ORDER BY Position LIMIT 1 OFFSET 2";
            tampered = (long)(await pick.ExecuteScalarAsync())!;
            var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE Journal SET DetailsJson = '{\"level\":\"L5-S1\"}' WHERE Sequence = $sequence";
            edit.Parameters.AddWithValue("$sequence", tampered);
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var run = await CliRun.RunAsync("journal", "verify", "--db", test.DatabasePath);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"BROKEN: entry #{tampered} (stream instance:", run.Out);
        Assert.Contains("the entry was edited", run.Out);
    }

    private static async Task<TestEngine> JournalWithACaseAsync()
    {
        var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        await patient.SubmitAsync("imaging-review", TestEngine.Nurse);
        await patient.SubmitAsync("sedation-screening", TestEngine.Nurse);
        SqliteConnection.ClearAllPools(); // let the CLI and raw SQL see a closed file, like an offline audit would
        return test;
    }
}
