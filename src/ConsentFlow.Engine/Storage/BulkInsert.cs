using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConsentFlow.Engine.Storage;

/// <summary>
/// Writes the new rows a context tracks with one prepared INSERT per table, parents first, inside the context's open
/// transaction. Parameters are made by the model's own type mappings (value converters included), so the rows are the
/// bytes SaveChanges would have written; what is saved is EF Core's per-row bookkeeping, the bulk of a seed's time.
/// Only for contexts holding nothing but new rows (the bulk writer's).
/// </summary>
internal static class BulkInsert
{
    /// <summary>Parents before children, so foreign keys hold row by row.</summary>
    private static readonly Type[] Order =
    [
        typeof(Patient), typeof(PatientCase), typeof(WorkflowInstance), typeof(ExecutionToken), typeof(WorkTask), typeof(ScheduledTimer),
        typeof(HardStop), typeof(ConsentRecord), typeof(JournalStream), typeof(JournalEntry), typeof(CaseReadinessRow),
    ];

    public static async Task SaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList();
        if (entries.FirstOrDefault(e => e.State != EntityState.Added || !Order.Contains(e.Metadata.ClrType)) is { } other)
            throw new InvalidOperationException($"Bulk insert writes new rows only; the context holds a {other.State} {other.Metadata.ClrType.Name}.");
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk insert runs inside the caller's transaction.");
        var connection = db.Database.GetDbConnection();

        foreach (var type in Order)
        {
            var rows = entries.Where(e => e.Metadata.ClrType == type).ToList();
            if (rows.Count == 0) continue;
            var entityType = rows[0].Metadata;
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            // A store-generated key (the journal's sequence) is left to the database, as SaveChanges would.
            var columns = entityType.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(long))).ToList();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.GetColumnName(table)}\""))}) " +
                                  $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
            foreach (var row in rows)
            {
                command.Parameters.Clear();
                for (var i = 0; i < columns.Count; i++)
                    command.Parameters.Add(Parameter(command, columns[i], "@p" + i, row.CurrentValues[columns[i]]));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        // The rows are written; the context must not write them again.
        db.ChangeTracker.Clear();
    }

    private static DbParameter Parameter(DbCommand command, IProperty property, string name, object? value) =>
        property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable);
}
