using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Tests;

public sealed class SqliteStartupTests
{
    [Fact]
    public async Task A_migration_lock_left_by_a_killed_process_does_not_block_the_next_start_forever()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consentflow-tests", Guid.NewGuid().ToString("N"));
        var storage = SqliteStorage.File(Path.Combine(folder, "consentflow.db"));
        await ConsentFlowEngine.OpenAsync(storage, null, CancellationToken.None);
        await using (var db = DatabaseSetup.CreateContext(storage))
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsLock\" VALUES (1, {0})", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        }

        var reopened = ConsentFlowEngine.OpenAsync(storage, null, CancellationToken.None);

        Assert.Same(reopened, await Task.WhenAny(reopened, Task.Delay(TimeSpan.FromSeconds(30))));
        await reopened;
    }
}
