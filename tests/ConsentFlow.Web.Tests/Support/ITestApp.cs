namespace ConsentFlow.Web.Tests.Support;

/// <summary>An app the tests talk to over HTTP: in this process (<see cref="RunningApp"/>) or as its own process (<see cref="AppProcess"/>).</summary>
public interface ITestApp
{
    Uri BaseAddress { get; }

    /// <summary>A demo account signed in through the sign-in form.</summary>
    Task<ApiClient> ClientAsync(string userName);
}
