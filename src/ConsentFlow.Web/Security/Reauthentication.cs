using System.Security.Claims;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConsentFlow.Web.Security;

/// <summary>
/// A staff signature is an act of the person at that moment (21 CFR Part 11 §11.200): the password is asked again,
/// even inside a signed-in session, or a single sign-on must be minutes old. Failures count towards lockout.
/// </summary>
public sealed class Reauthentication(IServiceScopeFactory scopes, SecurityAudit audit, IOptions<SecurityOptions> options, TimeProvider clock)
{
    public const string PasswordField = "password";

    /// <param name="passwordField">The request field that carries the password, named in the error.</param>
    public async Task<SignerAttestation> ConfirmAsync(ClaimsPrincipal principal, string? password, CancellationToken cancellationToken,
        string passwordField = PasswordField)
    {
        // A fresh scope per signature: a Blazor circuit lives for hours, and a user row cached that long would be stale.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByIdAsync(principal.Id());
        if (user is null || user.Disabled) throw new ForbiddenException("This account may not sign.");
        var printedName = user.ProfessionalTitle.Length == 0 ? user.DisplayName : $"{user.DisplayName}, {user.ProfessionalTitle}";

        // Only an interactive single sign-on counts: a bearer token is a program's credential, not a person confirming now.
        if (string.IsNullOrEmpty(password) && principal.Channel() is Channels.Sso)
        {
            if (!SignedInRecently(principal))
                throw Refused(passwordField, $"sign in with the clinic's account again (within {options.Value.SsoReauthenticationMinutes} minutes) to sign");
            await AuditAsync(SecurityEventKind.Reauthenticated, user.Id, principal, cancellationToken);
            return new SignerAttestation(printedName, "single sign-on within the last minutes");
        }
        if (await users.IsLockedOutAsync(user))
        {
            await AuditAsync(SecurityEventKind.ReauthenticationFailed, user.Id, principal, cancellationToken);
            throw Refused(passwordField, "the account is locked after repeated wrong passwords; try again later");
        }
        if (string.IsNullOrEmpty(password) || password.Length > 512 || !await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            await AuditAsync(await users.IsLockedOutAsync(user) ? SecurityEventKind.LockedOut : SecurityEventKind.ReauthenticationFailed, user.Id, principal, cancellationToken);
            throw Refused(passwordField, "enter your own current password again");
        }
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync(SecurityEventKind.Reauthenticated, user.Id, principal, cancellationToken);
        return new SignerAttestation(printedName, "password re-entered at signing");
    }

    private bool SignedInRecently(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimNames.AuthTime), out var seconds)
        && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) <= TimeSpan.FromMinutes(options.Value.SsoReauthenticationMinutes);

    private Task AuditAsync(SecurityEventKind kind, string userId, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        audit.WriteAsync(new SecurityEvent(kind, userId, Channel: principal.Channel()), cancellationToken);

    private static FormValidationException Refused(string field, string message) => new("reauthentication", [new FieldError(field, message)]);
}
