namespace ConsentFlow.Cli;

/// <summary>What the shell (and CI) sees.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

/// <summary>The command line is wrong; the message says how to put it right.</summary>
internal sealed class UsageException(string message) : Exception(message);
