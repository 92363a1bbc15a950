using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Api;

/// <summary>
/// Who is calling, from <c>X-Actor-Id</c> and <c>X-Actor-Role</c>. This is a stand-in until real authentication
/// (OpenID Connect against the clinic's identity provider) replaces it; the id is a user id, never a name.
/// </summary>
public sealed record Caller(string Id, string Role)
{
    public const string IdHeader = "X-Actor-Id";
    public const string RoleHeader = "X-Actor-Role";

    public Actor Actor => new(Id, Role);

    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var id = context.Request.Headers[IdHeader].ToString().Trim();
        var role = context.Request.Headers[RoleHeader].ToString().Trim();
        if (id.Length == 0 || role.Length == 0)
            throw new CallerException(StatusCodes.Status401Unauthorized, $"Send {IdHeader} and {RoleHeader} headers to say who is acting.");
        if (id.Length > 64)
            throw new CallerException(StatusCodes.Status400BadRequest, $"{IdHeader} must be at most 64 characters.");
        if (!Roles.All.Contains(role))
            throw new CallerException(StatusCodes.Status400BadRequest, $"{RoleHeader} must be one of: {string.Join(", ", Roles.All)}.");
        return ValueTask.FromResult<Caller?>(new Caller(id, role));
    }

    public void Require(params string[] allowed)
    {
        if (!allowed.Contains(Role)) throw new ForbiddenException($"Only {string.Join(" or ", allowed)} may do this, not {Role}.");
    }
}

/// <summary>The caller headers are missing or invalid.</summary>
public sealed class CallerException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
