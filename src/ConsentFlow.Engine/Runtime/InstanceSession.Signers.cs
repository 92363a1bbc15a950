using ConsentFlow.Engine.Definitions;
using ConsentFlow.Engine.Expressions;

namespace ConsentFlow.Engine.Runtime;

internal sealed partial class InstanceSession
{
    /// <summary>
    /// The signer entry that applies to <paramref name="role"/> on this case. One role may have several entries with
    /// different conditions: the patient's tablet signs for the patient, or for a legally authorized representative
    /// with a meaning of their own.
    /// </summary>
    public SignerDefinition SignerFor(StepDefinition step, string role)
    {
        var context = RuleContext();
        var entries = step.Signers.Where(s => s.Role == role).ToList();
        return entries.FirstOrDefault(s => s.When is null || Rule.Parse(s.When).Holds(context)) ?? entries[0];
    }
}
