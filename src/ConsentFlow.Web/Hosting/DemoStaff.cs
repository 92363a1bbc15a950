using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;

namespace ConsentFlow.Web.Hosting;

/// <summary>
/// One demo account per role, for trying the app in Development (user names and the shared password are in the
/// README). Never created outside Development: a production installation starts with `consentflow users add`.
/// </summary>
public sealed class DemoStaff(IServiceScopeFactory scopes, ILogger<DemoStaff> logger)
{
    public const string Password = "consentflow-demo-2026";

    public static readonly IReadOnlyList<NewStaffAccount> Accounts =
    [
        new("nurse", "Jordan Lee", "RN", [StaffRoles.Nurse], Password),
        new("nurse2", "Casey Morgan", "RN", [StaffRoles.Nurse], Password),
        new("surgeon", "Dr. Maya Okafor", "MD, spine surgeon", [StaffRoles.Surgeon], Password),
        new("anesthesiologist", "Dr. Omar Haddad", "MD, anesthesiologist", [StaffRoles.Anesthesiologist], Password),
        new("scheduler", "Pat Rivera", "Scheduler", [StaffRoles.Scheduler], Password),
        new("admin", "Alex Kim", "Clinical systems administrator", [StaffRoles.Administrator], Password),
    ];

    /// <summary>Creates the demo accounts that do not exist yet and returns each user name's account.</summary>
    public async Task<IReadOnlyDictionary<string, StaffAccount>> EnsureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var result = new Dictionary<string, StaffAccount>();
        foreach (var account in Accounts)
            result[account.UserName] = await accounts.FindByNameAsync(account.UserName)
                ?? await accounts.AddAsync(account, Actor.System.Id, cancellationToken);
        logger.LogInformation("Demo staff accounts ready: {UserNames}.", string.Join(", ", result.Keys));
        return result;
    }
}
