using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.Sqlite;

namespace ConsentFlow.Engine.Tests.Support;

/// <summary>The throwaway database each scenario runs on in the tests: a SQLite file in the scenario's folder, as `consentflow test` does.</summary>
public static class ScenarioDatabase
{
    public static StorageProvider Sqlite(string folder) => SqliteStorage.File(Path.Combine(folder, "scenario.db"));
}
