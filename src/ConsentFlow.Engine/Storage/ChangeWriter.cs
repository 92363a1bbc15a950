using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConsentFlow.Engine.Storage;

/// <summary>
/// Writes what a context tracks as plain parameterized INSERT, UPDATE and DELETE statements on one open connection,
/// inside the transaction it is given, each statement prepared once per writer and re-bound for every row after. Parameters come from the
/// model's own type mappings (value converters included), so rows hold the bytes SaveChanges would have written.
/// Concurrency tokens are checked as SaveChanges checks them: an UPDATE or DELETE that matches no row fails with
/// <see cref="DbUpdateConcurrencyException"/>, a constraint failure with <see cref="DbUpdateException"/>. What it saves
/// is EF Core's per-save bookkeeping (command batching, topological sort, SQL generation), the larger part of a unit of
/// work's write once the database is local.
/// </summary>
internal sealed class ChangeWriter(DbConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>Statements this writer has run, across every save it wrote.</summary>
    public long Statements { get; private set; }

    /// <summary>The open transaction of <c>connection</c> the next writes belong to.</summary>
    public DbTransaction? Transaction { get; set; }

    /// <summary>
    /// What a save of <paramref name="db"/> will write: every added, modified and deleted row as its statement and values,
    /// in a safe order. Worked out before the write lock is taken (group commit plans each unit as it arrives), so the
    /// lock covers only binding and running the statements; the context's changes must then stay as they are.
    /// </summary>
    public static ChangePlan Plan(DbContext db)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        var changes = new List<EntityEntry>();
        foreach (var entry in db.ChangeTracker.Entries())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) changes.Add(entry);
        // Parents are inserted before their children and deleted after them, so foreign keys hold statement by statement.
        // Within a table's rank, updates go first: a unit that lost a race fails on its concurrency token (the journal
        // stream's count) rather than on a unique index its new rows would then break. Otherwise the tracker's order
        // stays (a stable sort), so autoincrement sequences follow the order rows were added.
        changes = changes.Select((entry, index) => (entry, index))
            .OrderBy(c => Rank(c.entry)).ThenBy(c => c.entry.State == EntityState.Modified ? 0 : 1).ThenBy(c => c.index)
            .Select(c => c.entry).ToList();
        var statements = new List<PlannedStatement>(changes.Count);
        foreach (var entry in changes)
            if (Statement(TableShape.Of(entry.Metadata), entry) is { } statement) statements.Add(statement);
        return new ChangePlan(changes, statements);
    }

    /// <summary>Writes every added, modified and deleted row of <paramref name="db"/> (as planned, if it was); returns the rows written.</summary>
    public async Task<int> WriteAsync(DbContext db, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var planned = db as ConsentFlowDbContext;
        var plan = planned?.PlannedChanges ?? Plan(db);
        if (planned is not null) planned.PlannedChanges = null; // a plan serves one save
        if (acceptAllChangesOnSuccess && plan.Entries.FirstOrDefault(e => e.State == EntityState.Added && TableShape.Of(e.Metadata).KeyFromStore) is { } generated)
            throw new InvalidOperationException($"The change writer does not read back store-generated keys ({generated.Metadata.ClrType.Name}); save without accepting the changes.");
        try
        {
            foreach (var statement in plan.Statements)
            {
                var command = Prepared(statement.Sql);
                for (var i = 0; i < statement.Columns.Count; i++) Bind(command, i, statement.Columns[i], statement.Values[i]);
                var written = await command.ExecuteNonQueryAsync(cancellationToken);
                Statements++;
                if (written != 1 && statement.MustMatchOneRow)
                    throw new DbUpdateConcurrencyException(
                        $"A {statement.EntityName} changed or disappeared since it was read; nothing of this save was kept.");
            }
        }
        catch (DbException ex)
        {
            // The provider's message may quote the row's values (SQL Server's duplicate key text does): only its type here.
            throw new DbUpdateException($"The database refused the save ({ex.GetType().Name}); see the inner exception.", ex, plan.Entries);
        }
        if (acceptAllChangesOnSuccess) db.ChangeTracker.AcceptAllChanges();
        return plan.Entries.Count;
    }

    /// <summary>The row's INSERT, UPDATE of its changed columns, or DELETE; null for a modified row whose columns all kept their values.</summary>
    private static PlannedStatement? Statement(TableShape table, EntityEntry entry)
    {
        var name = entry.Metadata.ClrType.Name;
        switch (entry.State)
        {
            case EntityState.Added:
                return new PlannedStatement(table.InsertSql, table.Inserted, table.Inserted.Select(p => entry.CurrentValues[p]).ToArray(), false, name);
            case EntityState.Modified:
                var modified = new List<IProperty>();
                foreach (var property in table.Updatable)
                    if (entry.Property(property).IsModified) modified.Add(property);
                if (modified.Count == 0) return null;
                var columns = modified.Concat(table.Key).Concat(table.Tokens).ToList();
                var values = modified.Select(p => entry.CurrentValues[p])
                    .Concat(table.Key.Concat(table.Tokens).Select(p => entry.OriginalValues[p])).ToArray();
                return new PlannedStatement(table.UpdateSql(modified), columns, values, true, name);
            default:
                var keyAndTokens = table.Key.Concat(table.Tokens).ToList();
                return new PlannedStatement(table.DeleteSql, keyAndTokens, keyAndTokens.Select(p => entry.OriginalValues[p]).ToArray(), true, name);
        }
    }

    private static int Rank(EntityEntry entry)
    {
        var depth = TableShape.Of(entry.Metadata).Depth;
        return entry.State == EntityState.Deleted ? 1000 - depth : depth;
    }

    private DbCommand Prepared(string sql)
    {
        // A prepared statement keeps its parameters: each one always stands for the same column, so only its value changes.
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _prepared[sql] = command;
        }
        command.Transaction = Transaction ?? throw new InvalidOperationException("The change writer writes inside a transaction; set Transaction first.");
        return command;
    }

    private static void Bind(DbCommand command, int index, IProperty property, object? value)
    {
        var mapping = property.GetRelationalTypeMapping();
        if (index == command.Parameters.Count) command.Parameters.Add(mapping.CreateParameter(command, "@p" + index, value, property.IsNullable));
        // As CreateParameter sets it: the column's converter, then null as DBNull; the type settings stay from the first bind.
        else command.Parameters[index].Value = (mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values) command.Dispose();
        _prepared.Clear();
    }

    /// <summary>A table's statements and columns, worked out once per entity type from the model.</summary>
    private sealed class TableShape
    {
        // Per model, like the compiled queries: a process may hold contexts of two providers.
        private static readonly ConditionalWeakTable<IEntityType, TableShape> Shapes = new();
        private readonly ConcurrentDictionary<string, string> _updates = new(StringComparer.Ordinal);
        private readonly string _table;

        private TableShape(IEntityType entityType)
        {
            // What SaveChanges would do differently for these is not written here: fail loudly instead.
            if (entityType.IsOwned() || entityType.GetTableMappings().Any(m => m.Table.EntityTypeMappings.Count() > 1))
                throw new NotSupportedException($"The change writer does not write owned or table-sharing types ({entityType.ClrType.Name}).");
            if (entityType.GetProperties().FirstOrDefault(p => p.IsConcurrencyToken && p.IsNullable) is { } nullableToken)
                throw new NotSupportedException($"The change writer does not compare nullable concurrency tokens ({entityType.ClrType.Name}.{nullableToken.Name}).");
            if (entityType.FindPrimaryKey()!.Properties.FirstOrDefault(p => p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(long) && p.ClrType != typeof(Guid)) is { } generatedKey)
                throw new NotSupportedException($"The change writer leaves only long keys to the database ({entityType.ClrType.Name}.{generatedKey.Name}).");
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            _table = Quote(table.Name);
            Key = entityType.FindPrimaryKey()!.Properties;
            Tokens = entityType.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey()).ToList();
            // A store-generated key (the journal's sequence) is left to the database, as SaveChanges would.
            KeyFromStore = entityType.GetProperties().Any(IsKeyFromStore);
            Inserted = entityType.GetProperties().Where(p => !IsKeyFromStore(p)).ToList();
            Updatable = entityType.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
            Columns = entityType.GetProperties().ToDictionary(p => p, p => Quote(p.GetColumnName(table)!));
            Depth = DepthOf(entityType, []);
            InsertSql = $"INSERT INTO {_table} ({string.Join(", ", Inserted.Select(p => Columns[p]))}) VALUES ({string.Join(", ", Inserted.Select((_, i) => "@p" + i))})";
            DeleteSql = $"DELETE FROM {_table} WHERE {Where(first: 0)}";
        }

        public static TableShape Of(IEntityType entityType) => Shapes.GetValue(entityType, type => new TableShape(type));

        /// <summary>The database assigns the key (the journal's sequence): left out of the INSERT and not read back.</summary>
        public bool KeyFromStore { get; }
        public IReadOnlyList<IProperty> Key { get; }
        public IReadOnlyList<IProperty> Tokens { get; }
        public IReadOnlyList<IProperty> Inserted { get; }
        public IReadOnlyList<IProperty> Updatable { get; }
        private Dictionary<IProperty, string> Columns { get; }
        public int Depth { get; }
        public string InsertSql { get; }
        public string DeleteSql { get; }

        /// <summary>The UPDATE of exactly <paramref name="modified"/>, built once per set of columns.</summary>
        public string UpdateSql(IReadOnlyList<IProperty> modified)
        {
            var signature = new System.Text.StringBuilder(modified.Count * 3);
            foreach (var property in modified) signature.Append(property.GetIndex()).Append(',');
            return _updates.GetOrAdd(signature.ToString(), _ =>
                $"UPDATE {_table} SET {string.Join(", ", modified.Select((p, i) => $"{Columns[p]} = @p{i}"))} WHERE {Where(first: modified.Count)}");
        }

        /// <summary>The row by its key and original tokens; its parameters are numbered from <paramref name="first"/>, after the SET clause's.</summary>
        private string Where(int first) =>
            string.Join(" AND ", Key.Concat(Tokens).Select((p, i) => $"{Columns[p]} = @p{first + i}"));

        private static int DepthOf(IEntityType entityType, HashSet<IEntityType> seen)
        {
            if (!seen.Add(entityType)) return 0;
            var depth = 0;
            foreach (var foreignKey in entityType.GetForeignKeys())
                if (foreignKey.PrincipalEntityType != entityType)
                    depth = Math.Max(depth, 1 + DepthOf(foreignKey.PrincipalEntityType, seen));
            seen.Remove(entityType);
            return depth;
        }

        private static bool IsKeyFromStore(IProperty property) =>
            property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && property.ClrType == typeof(long);

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}

/// <summary>A save's statements, planned from the tracker before the write (<see cref="ChangeWriter.Plan"/>).</summary>
internal sealed record ChangePlan(IReadOnlyList<EntityEntry> Entries, IReadOnlyList<PlannedStatement> Statements);

/// <param name="Columns">The property behind each parameter, in order (@p0, @p1, …).</param>
/// <param name="MustMatchOneRow">An UPDATE or DELETE: no row matched means the row changed since it was read.</param>
internal sealed record PlannedStatement(string Sql, IReadOnlyList<IProperty> Columns, object?[] Values, bool MustMatchOneRow, string EntityName);
