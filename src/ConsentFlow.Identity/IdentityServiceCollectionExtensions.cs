using ConsentFlow.Engine.Storage;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Kiosk;
using ConsentFlow.Identity.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentFlow.Identity;

public static class IdentityServiceCollectionExtensions
{
    public const int MinimumPasswordLength = 12;
    public const int FailedAttemptsBeforeLockout = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The identity store and the account services, without any HTTP: the CLI uses this as it is, the web host adds
    /// sign-in and cookies on top (<see cref="IdentityBuilder"/> is returned for that).
    /// </summary>
    public static IdentityBuilder AddConsentFlowIdentityStore(this IServiceCollection services, StorageProvider storage)
    {
        services.AddPooledDbContextFactory<IdentityStoreContext>(builder => IdentityStoreSetup.Configure(builder, storage));
        // UserManager's EF store wants a scoped context; it comes from the same pool.
        services.AddScoped(provider => provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<IdentityStoreContext>>().CreateDbContext());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecurityAudit>();
        services.AddSingleton<AccessAudit>();
        services.AddSingleton<AccessLog>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<KioskSessions>();
        services.AddSingleton<Preferences.UserPreferences>();
        services.AddSingleton<PatientCopyLinks>();
        services.AddSingleton<StaffNames>();
        services.AddScoped<StaffAccounts>();

        return services.AddIdentityCore<StaffUser>(ConfigurePolicy)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityStoreContext>();
    }

    /// <summary>Length over composition (NIST SP 800-63B): at least 12 characters, any kind; lockout after 5 failures.</summary>
    private static void ConfigurePolicy(IdentityOptions options)
    {
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = FailedAttemptsBeforeLockout;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        options.User.RequireUniqueEmail = false;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
    }
}
