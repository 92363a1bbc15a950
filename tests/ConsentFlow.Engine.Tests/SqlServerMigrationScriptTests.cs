using ConsentFlow.Storage.SqlServer;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ConsentFlow.Engine.Tests;

/// <summary>SQL Server cannot run here, so its migration script is at least parsed by SQL Server's own T-SQL parser.</summary>
public sealed class SqlServerMigrationScriptTests
{
    private static readonly SqlServerStorage SqlServer = new("Server=unused;Database=ConsentFlow;TrustServerCertificate=True");

    [Fact]
    public void The_idempotent_sql_server_migration_script_parses_as_valid_T_SQL()
    {
        using var db = DatabaseSetup.CreateContext(SqlServer);
        AssertParses(Script(db), "CREATE TABLE [Instances]");
    }

    [Fact]
    public void The_identity_stores_sql_server_script_parses_and_keeps_its_own_history()
    {
        using var db = IdentityStoreSetup.CreateContext(SqlServer);
        var script = Script(db);
        AssertParses(script, "CREATE TABLE [AspNetUsers]");
        Assert.Contains("[__IdentityMigrationsHistory]", script);
    }

    private static string Script(DbContext db) =>
        db.GetInfrastructure().GetRequiredService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

    private static void AssertParses(string script, string expected)
    {
        Assert.Contains(expected, script);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void Both_providers_have_migrations_for_the_current_models()
    {
        foreach (var storage in new StorageProvider[] { SqliteStorage.File(Path.GetTempFileName()), SqlServer })
        {
            using DbContext workflow = DatabaseSetup.CreateContext(storage), identity = IdentityStoreSetup.CreateContext(storage);
            foreach (var db in new[] { workflow, identity })
            {
                Assert.NotEmpty(db.Database.GetMigrations());
                Assert.False(db.Database.HasPendingModelChanges(), $"{storage.GetType().Name}/{db.GetType().Name}: the model changed without a migration");
            }
        }
    }
}
