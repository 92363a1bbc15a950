using ConsentFlow.Web.Hosting;

var app = ConsentFlowApp.Create(args);
await app.PrepareAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();

/// <summary>Visible to tests.</summary>
public partial class Program;
