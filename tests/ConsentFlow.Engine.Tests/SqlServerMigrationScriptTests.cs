using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ConsentFlow.Engine.Tests;

/// <summary>SQL Server cannot run here, so its migration script is at least parsed by SQL Server's own T-SQL parser.</summary>
public sealed class SqlServerMigrationScriptTests
{
    [Fact]
    public void The_idempotent_sql_server_migration_script_parses_as_valid_T_SQL()
    {
        using var db = DatabaseSetup.CreateContext(new StorageOptions(DatabaseProvider.SqlServer, "Server=unused;Database=ConsentFlow;TrustServerCertificate=True"));
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("CREATE TABLE [Instances]", script);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void Both_providers_have_migrations_for_the_current_model()
    {
        foreach (var options in new[] { StorageOptions.SqliteFile(Path.GetTempFileName()), new StorageOptions(DatabaseProvider.SqlServer, "Server=unused") })
        {
            using var db = DatabaseSetup.CreateContext(options);
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.False(db.Database.HasPendingModelChanges(), $"{options.Provider}: the model changed without a migration");
        }
    }
}
