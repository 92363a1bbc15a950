using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Tests.Support;

/// <summary>One unit of work through a group-committing gate: a change on a fresh unit context, saved as a unit.</summary>
internal static class GroupCommitUnits
{
    public static Task SaveAsync(WriteGate gate, TestEngine test, Action<ConsentFlowDbContext> change) =>
        SaveAsync(gate, test, db =>
        {
            change(db);
            return Task.CompletedTask;
        });

    public static async Task SaveAsync(WriteGate gate, TestEngine test, Func<ConsentFlowDbContext, Task> change)
    {
        await using var db = await gate.CreateUnitContextAsync(test.Engine.Contexts, CancellationToken.None);
        await change(db);
        await gate.SaveAsync(db, ct => db.SaveChangesAsync(ct), CancellationToken.None);
    }
}
