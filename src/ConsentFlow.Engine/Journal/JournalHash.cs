using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Engine.Journal;

internal static class JournalHash
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>SHA-256 over every recorded field and the previous hash, so changing or removing any entry breaks the chain.</summary>
    public static string Compute(JournalEntry entry)
    {
        var canonical = string.Join('\u001f',
            entry.PreviousHash, entry.Stream, entry.Position.ToString(CultureInfo.InvariantCulture),
            entry.InstanceId?.ToString() ?? "", entry.StepId ?? "", entry.Actor, entry.Role,
            entry.AtUtc.ToString("O", CultureInfo.InvariantCulture), entry.Action, entry.DetailsJson,
            entry.DefinitionId ?? "", entry.DefinitionVersion?.ToString(CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
