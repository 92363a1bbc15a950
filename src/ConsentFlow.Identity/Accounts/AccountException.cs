namespace ConsentFlow.Identity.Accounts;

/// <summary>An account operation was refused; <see cref="Field"/> names what to fix. Never carries a password.</summary>
public sealed class AccountException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
