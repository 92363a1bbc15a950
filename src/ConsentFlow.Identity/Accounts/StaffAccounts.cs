using ConsentFlow.Identity.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Identity.Accounts;

/// <summary>Creates, lists, disables and resolves staff accounts: the one place the CLI, the demo seeder and the web host manage people.</summary>
public sealed class StaffAccounts(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, SecurityAudit audit, TimeProvider clock)
{
    public async Task<StaffAccount> AddAsync(NewStaffAccount account, string actorId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account.UserName)) throw new AccountException("userName", "is required");
        if (string.IsNullOrWhiteSpace(account.DisplayName)) throw new AccountException("displayName", "is required");
        if (account.Roles.Count == 0) throw new AccountException("roles", $"at least one of: {string.Join(", ", StaffRoles.All)}");
        if (account.Roles.FirstOrDefault(r => !StaffRoles.IsKnown(r)) is { } unknown)
            throw new AccountException("roles", $"'{unknown}' is not a role; use {string.Join(", ", StaffRoles.All)}");
        if (await users.FindByNameAsync(account.UserName) is not null) throw new AccountException("userName", "is taken");

        var user = new StaffUser
        {
            UserName = account.UserName.Trim(), DisplayName = account.DisplayName.Trim(), ProfessionalTitle = account.ProfessionalTitle.Trim(),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        var created = account.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, account.Password);
        ThrowIfFailed(created, account.Password is null ? "userName" : "password");
        await EnsureRolesAsync();
        ThrowIfFailed(await users.AddToRolesAsync(user, account.Roles.Distinct()), "roles");
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

    private async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    private async Task<StaffAccount> DescribeAsync(StaffUser user) => new(
        user.Id, user.UserName ?? "", user.DisplayName, user.ProfessionalTitle, (await users.GetRolesAsync(user)).Order().ToList(), user.Disabled,
        user.PasswordHash is not null, user.CreatedAtUtc);

    private static void ThrowIfFailed(IdentityResult result, string field)
    {
        if (!result.Succeeded) throw new AccountException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
