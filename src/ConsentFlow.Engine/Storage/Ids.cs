namespace ConsentFlow.Engine.Storage;

/// <summary>
/// New row ids. Version 7 GUIDs start with a timestamp, so new rows land at the end of each primary-key and foreign-key
/// index instead of at random pages: fewer pages written per commit, and ids never reveal anything about a patient.
/// </summary>
internal static class Ids
{
    public static Guid New() => Guid.CreateVersion7();
}
