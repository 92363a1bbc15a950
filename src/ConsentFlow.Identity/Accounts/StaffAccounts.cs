using ConsentFlow.Identity.Audit;
using ConsentFlow.Identity.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Accounts;

/// <summary>Creates, lists, disables and resolves staff accounts: the one place the CLI, the demo seeder and the web host manage people.</summary>
public sealed class StaffAccounts(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IdentityStoreContext db, SecurityAudit audit, TimeProvider clock)
{
    public async Task<StaffAccount> AddAsync(NewStaffAccount account, string actorId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account.UserName)) throw new AccountException("userName", "is required");
        if (string.IsNullOrWhiteSpace(account.DisplayName)) throw new AccountException("displayName", "is required");
        if (account.Roles.Count == 0) throw new AccountException("roles", $"at least one of: {string.Join(", ", StaffRoles.All)}");
        if (account.Roles.FirstOrDefault(r => !StaffRoles.IsKnown(r)) is { } unknown)
            throw new AccountException("roles", $"'{unknown}' is not a role; use {string.Join(", ", StaffRoles.All)}");
        if (await users.FindByNameAsync(account.UserName.Trim()) is not null) throw new AccountException("userName", "is taken");

        var user = new StaffUser
        {
            UserName = account.UserName.Trim(), DisplayName = account.DisplayName.Trim(), ProfessionalTitle = account.ProfessionalTitle.Trim(),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        await EnsureRolesAsync();
        // The account and its roles land together: an account left without roles by a crash would be a person who cannot work.
        // SQL Server's retrying strategy only allows a transaction it can replay as a whole.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // A retried attempt starts clean: rows tracked by the failed one would be added twice.
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            ThrowIfFailed(account.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, account.Password));
            ThrowIfFailed(await users.AddToRolesAsync(user, account.Roles.Distinct()), "roles");
            await transaction.CommitAsync(cancellationToken);
        });
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.UserCreated, actorId, Subject: user.Id), cancellationToken);
        return await DescribeAsync(user);
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var accounts = new List<StaffAccount>(all.Count);
        foreach (var user in all) accounts.Add(await DescribeAsync(user));
        return accounts;
    }

    public async Task<StaffAccount?> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) is { } user ? await DescribeAsync(user) : null;

    public async Task<StaffAccount?> FindByNameAsync(string userName) =>
        await users.FindByNameAsync(userName) is { } user ? await DescribeAsync(user) : null;

    /// <summary>Disables sign-in and every API key of the account at once; the history keeps resolving its id to the name.</summary>
    public async Task DisableAsync(string userName, string actorId, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new AccountException("userName", "no such account");
        user.Disabled = true;
        ThrowIfFailed(await users.UpdateAsync(user), "userName");
        // A new stamp ends every signed-in session of the account at its next validation.
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.UserDisabled, actorId, Subject: user.Id), cancellationToken);
    }

    /// <summary>Lets a disabled account sign in again (its API keys stay revoked only if they were revoked).</summary>
    public async Task EnableAsync(string userName, string actorId, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new AccountException("userName", "no such account");
        user.Disabled = false;
        ThrowIfFailed(await users.UpdateAsync(user), "userName");
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.UserEnabled, actorId, Subject: user.Id), cancellationToken);
    }

    /// <summary>
    /// Sets a new password for a person who forgot theirs: the password policy applies, a lockout is lifted, and every
    /// session signed in with the old password ends (new security stamp).
    /// </summary>
    public async Task ResetPasswordAsync(string userName, string newPassword, string actorId, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new AccountException("userName", "no such account");
        foreach (var validator in users.PasswordValidators)
            ThrowIfFailed(await validator.ValidateAsync(users, user, newPassword), "password");
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await users.HasPasswordAsync(user)) ThrowIfFailed(await users.RemovePasswordAsync(user), "password");
            ThrowIfFailed(await users.AddPasswordAsync(user, newPassword), "password");
            ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null), "password");
            ThrowIfFailed(await users.ResetAccessFailedCountAsync(user), "password");
            await transaction.CommitAsync(cancellationToken);
        });
        await audit.WriteAsync(new SecurityEvent(SecurityEventKind.PasswordReset, actorId, Subject: user.Id), cancellationToken);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    private async Task<StaffAccount> DescribeAsync(StaffUser user) => new(
        user.Id, user.UserName ?? "", user.DisplayName, user.ProfessionalTitle, (await users.GetRolesAsync(user)).Order().ToList(), user.Disabled,
        user.PasswordHash is not null, user.CreatedAtUtc);

    /// <summary>Names the field each Identity error is about: user name errors, password rule errors, else <paramref name="field"/>.</summary>
    private static void ThrowIfFailed(IdentityResult result, string? field = null)
    {
        if (result.Succeeded) return;
        var first = result.Errors.First().Code;
        var named = field ?? (first.Contains("UserName", StringComparison.Ordinal) ? "userName" : first.StartsWith("Password", StringComparison.Ordinal) ? "password" : "account");
        throw new AccountException(named, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
