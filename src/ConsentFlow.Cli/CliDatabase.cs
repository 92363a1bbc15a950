using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.PostgreSql;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Storage.SqlServer;
using Microsoft.Data.Sqlite;

namespace ConsentFlow.Cli;

/// <summary>Whether a command may bring a new database into existence: only an operator's first steps may.</summary>
internal enum DatabaseAccess { Existing, CreateIfMissing }

/// <summary>
/// The database a command works on: <c>--db FILE</c> (SQLite), <c>--sqlserver CONNECTION-STRING</c> or
/// <c>--postgres CONNECTION-STRING</c>. Disposing it
/// leaves no pooled handle on a SQLite file, so the caller may copy, archive or delete the file next.
/// </summary>
internal sealed class CliDatabase : IDisposable
{
    private CliDatabase(StorageProvider storage, DatabaseAccess access)
    {
        Storage = storage;
        Access = access;
    }

    public StorageProvider Storage { get; }
    public DatabaseAccess Access { get; }

    /// <summary>Parses the arguments of a command that works on a database: its own options plus --db / --sqlserver / --postgres.</summary>
    public static CliArguments ParseArguments(string command, IEnumerable<string> args, string[] valueOptions, string[]? flags = null) =>
        CliArguments.Parse(command, args, ["--db", "--sqlserver", "--postgres", .. valueOptions], flags ?? []);

    /// <summary>Checks the command line only (no connection is opened yet); a wrong one is a usage error.</summary>
    public static CliDatabase Open(CliArguments args, DatabaseAccess access)
    {
        var file = args.Value("--db");
        var sqlServer = args.Value("--sqlserver");
        var postgres = args.Value("--postgres");
        if (new[] { file, sqlServer, postgres }.Count(value => value is not null) != 1)
            throw new UsageException($"{args.Command}: give one of --db FILE, --sqlserver CONNECTION-STRING or --postgres CONNECTION-STRING");
        if (sqlServer is not null) return new CliDatabase(new SqlServerStorage(sqlServer), access);
        if (postgres is not null) return new CliDatabase(new PostgreSqlStorage(postgres), access);

        // Opening a missing file would silently create an empty database: one whose journal "verifies", that lists no one.
        if (access == DatabaseAccess.Existing && !File.Exists(file))
            throw new UsageException($"{args.Command}: database file '{file}' does not exist");
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = access == DatabaseAccess.Existing ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        };
        return new CliDatabase(new SqliteStorage(connection.ToString()), access);
    }

    public void Dispose() => Storage.ReleaseConnections();
}
