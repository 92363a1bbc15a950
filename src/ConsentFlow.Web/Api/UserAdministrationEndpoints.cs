using System.Text.Json.Serialization;
using System.Security.Claims;
using ConsentFlow.Identity.Accounts;
using ConsentFlow.Identity.ApiKeys;
using ConsentFlow.Web.Security;

namespace ConsentFlow.Web.Api;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewUserBody(string? UserName, string? DisplayName, string? ProfessionalTitle, IReadOnlyList<string>? Roles, string? Password, string? AdministratorPassword);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewApiKeyBody(string? UserName, IReadOnlyList<string>? Scopes, string? Name, string? AdministratorPassword);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AdministratorConfirmation(string? AdministratorPassword);

/// <summary>
/// Accounts and API keys for administrators (access.md: users, roles, API keys — administrator, re-authenticated):
/// the same operations as the CLI, each confirmed with the administrator's password.
/// </summary>
public static class UserAdministrationEndpoints
{
    public static RouteGroupBuilder MapUserAdministrationEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin").WithTags("Users and API keys").RequireAuthorization(Policies.ManageUsers).WithBodyLimit(BodyLimits.Small);

        admin.MapGet("/users", (StaffAccounts accounts, CancellationToken ct) => accounts.ListAsync(ct)).WithSummary("Every staff account (never a secret)");

        admin.MapPost("/users", async (NewUserBody body, ClaimsPrincipal user, Reauthentication reauthentication, StaffAccounts accounts, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.AdministratorPassword, ct, "administratorPassword");
            var created = await accounts.AddAsync(new NewStaffAccount(body.UserName ?? "", body.DisplayName ?? "", body.ProfessionalTitle ?? "",
                body.Roles ?? [], body.Password), user.Id(), ct);
            return TypedResults.Created($"/api/v1/admin/users/{created.UserName}", created);
        }).WithIdempotency().WithSummary("Create an account with roles and an initial password (a retry with the same Idempotency-Key returns the first answer)");

        admin.MapPost("/users/{userName}/disable", async (string userName, AdministratorConfirmation body, ClaimsPrincipal user,
            Reauthentication reauthentication, StaffAccounts accounts, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.AdministratorPassword, ct, "administratorPassword");
            if (string.Equals(userName, user.Identity?.Name, StringComparison.OrdinalIgnoreCase))
                throw new AccountException("userName", "an administrator cannot disable their own account");
            await accounts.DisableAsync(userName, user.Id(), ct);
            return TypedResults.NoContent();
        }).WithSummary("Disable an account: its sessions and API keys stop working; its history keeps its name");

        admin.MapGet("/api-keys", (ApiKeyService keys, CancellationToken ct) => keys.ListAsync(ct)).WithSummary("Every API key (prefix, scopes, use; never the key)");

        admin.MapPost("/api-keys", async (NewApiKeyBody body, ClaimsPrincipal user, Reauthentication reauthentication, ApiKeyService keys, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.AdministratorPassword, ct, "administratorPassword");
            var scopes = ApiKeyScopes.Parse(string.Join(',', body.Scopes ?? []));
            var created = await keys.CreateAsync(body.UserName ?? "", scopes, body.Name, user.Id(), ct);
            return TypedResults.Created($"/api/v1/admin/api-keys/{created.Info.Id}", created);
        }).WithIdempotency().WithSummary("Create a key for an account; the key is in this answer only (and, encrypted for a day, for a retry with the same Idempotency-Key), the server keeps its hash");

        admin.MapPost("/api-keys/{key}/revoke", async (string key, AdministratorConfirmation body, ClaimsPrincipal user,
            Reauthentication reauthentication, ApiKeyService keys, CancellationToken ct) =>
        {
            await reauthentication.ConfirmAsync(user, body.AdministratorPassword, ct, "administratorPassword");
            return await keys.RevokeAsync(key, user.Id(), ct);
        }).WithSummary("Revoke a key by id or prefix");

        return admin;
    }
}
