using System.Data.Common;
using System.Diagnostics;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit.Abstractions;

namespace ConsentFlow.Engine.Tests;

/// <summary>
/// What one unit of work costs the database in round trips: reads and connection opens counted from EF Core's
/// diagnostics for this test's file only, so other tests running at the same time do not add to it; writes counted by
/// group commit, whose change writer runs them outside EF Core. The figures are printed for the bench notes.
/// </summary>
public sealed class UnitOfWorkStatementTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset ProcedureStart = new(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task A_nurse_submitting_imaging_review_costs_few_round_trips()
    {
        await using var test = await TestEngine.StartAsync(ProcedureStart.AddDays(-8));
        using var counter = new StatementCounter(test.DatabasePath);
        var patient = await PeldCase.StartAsync(test, ProcedureStart);
        var task = await patient.TaskAsync("imaging-review");
        var answers = patient.Answers("imaging-review");
        // EF Core caches for a second whether anyone listens to its diagnostics.
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        counter.Reset();
        var writtenBefore = test.Engine.Gate.GroupCommitStats.Statements;
        await test.Runtime.SubmitAsync(new TaskSubmission(task.Id, TestEngine.Nurse, answers), CancellationToken.None);
        var submit = counter.Take() with { Writes = (int)(test.Engine.Gate.GroupCommitStats.Statements - writtenBefore) };

        counter.Reset();
        await test.Runtime.StartAsync(PeldCase.Request(ProcedureStart) with
        {
            Patient = new PatientIdentity("MRN-555001", "Quinn", "Robin", new DateOnly(1971, 2, 3), "F"),
        }, TestEngine.Nurse, CancellationToken.None);
        var start = counter.Take();

        output.WriteLine($"submit: {submit}");
        output.WriteLine($"start:  {start}");
        Assert.InRange(submit.Writes, 1, 20);
        Assert.True(submit.Reads <= Budget.SubmitReads, $"submit reads {submit.Reads} > {Budget.SubmitReads}");
        Assert.True(submit.ConnectionOpens <= Budget.SubmitOpens, $"submit connection opens {submit.ConnectionOpens} > {Budget.SubmitOpens}");
    }

    [Fact]
    public async Task Every_connection_the_engine_opens_runs_with_synchronous_normal_also_when_the_pool_hands_it_out_again()
    {
        await using var test = await TestEngine.StartAsync(publishDefault: false);
        for (var open = 0; open < 3; open++)
        {
            await using var db = await test.Engine.Contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            Assert.Equal(1L, await command.ExecuteScalarAsync()); // 1 = NORMAL
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", await command.ExecuteScalarAsync());
        }
    }

    private static class Budget
    {
        // Before (cbcde0f): 9 reads and 10 connection opens, each open running the two durability pragmas again.
        // 8 since the board's row is read with the instance: one read outside the write lock saves rewriting the
        // row's six indexes under it. 1 since the process keeps the live rows it committed (the start, here): the
        // instance row alone tells whether they are still current.
        public const int SubmitReads = 1;
        public const int SubmitOpens = 1;
    }

    private sealed record StatementCount(int Reads, int Writes, int Commits, int ConnectionOpens)
    {
        public override string ToString() => $"{Reads} reads, {Writes} writes, {Commits} commit(s), {ConnectionOpens} connection opens";
    }

    /// <summary>
    /// Counts EF Core's commands, commits and connection opens on one database file. SQLite's group commit begins and
    /// commits the shared transaction (and opens its connections) itself, so there those do not show here.
    /// </summary>
    private sealed class StatementCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _file;
        private readonly List<IDisposable> _subscriptions = [];
        private int _reads, _writes, _commits, _opens;

        public StatementCounter(string file)
        {
            _file = Path.GetFullPath(file);
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public void Reset()
        {
            Interlocked.Exchange(ref _reads, 0);
            Interlocked.Exchange(ref _writes, 0);
            Interlocked.Exchange(ref _commits, 0);
            Interlocked.Exchange(ref _opens, 0);
        }

        public StatementCount Take() => new(Volatile.Read(ref _reads), Volatile.Read(ref _writes), Volatile.Read(ref _commits), Volatile.Read(ref _opens));

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            switch (value.Value)
            {
                case CommandExecutedEventData executed when Ours(executed.Connection):
                    var sql = executed.Command.CommandText.TrimStart();
                    if (sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _reads);
                    else Interlocked.Increment(ref _writes);
                    break;
                case TransactionEventData committing when value.Key == RelationalEventId.TransactionCommitting.Name && Ours(committing.Transaction.Connection):
                    Interlocked.Increment(ref _commits);
                    break;
                case ConnectionEndEventData opened when value.Key == RelationalEventId.ConnectionOpened.Name && Ours(opened.Connection):
                    Interlocked.Increment(ref _opens);
                    break;
            }
        }

        private bool Ours(DbConnection? connection) =>
            connection?.DataSource is { Length: > 0 } source && string.Equals(Path.GetFullPath(source), _file, StringComparison.Ordinal);

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions) foreach (var subscription in _subscriptions) subscription.Dispose();
        }
    }
}
