using System.Text.Json.Nodes;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Storage.Sqlite;
using ConsentFlow.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Tests.Operations;

/// <summary>
/// Issue 11, crash recovery: the last signature commits, the process dies (SIGKILL) before the signed document exists,
/// and the app started again on the same database produces it, exactly one version.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consentflow-crash-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_final_signature_committed_just_before_a_kill_gets_its_document_after_the_restart_exactly_once()
    {
        Guid instanceId;
        // The demo staff and cases first: the demo seeder signs consents too, and must not meet the stall below.
        await using (var seeding = await AppProcess.StartAsync(_dataFolder)) await seeding.KillAsync();
        await using (var doomed = await AppProcess.StartAsync(_dataFolder,
                         ("ConsentFlow:FollowUps:StallAfterCommitForCrashTests", "true"), ("ConsentFlow:FollowUps:RunWorker", "false")))
        {
            var patientCase = await CaseDriver.StartAsync(doomed);
            instanceId = patientCase.InstanceId;
            await patientCase.SubmitOkAsync("consent-discussion", CaseDriver.Surgeon);
            await patientCase.SubmitOkAsync("teach-back", CaseDriver.Patient);
            await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Patient, "patient");
            await patientCase.SubmitOkAsync("consent-signature", CaseDriver.Witness, "witness");

            var lastSignature = patientCase.SubmitAsync("consent-signature", CaseDriver.Surgeon, signer: "surgeon");
            await doomed.WaitForOutputAsync("Stalled after commit", TimeSpan.FromSeconds(60));
            await doomed.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => lastSignature); // the caller never got an answer
        }

        await using (var db = OpenDatabase())
        {
            Assert.Equal(ConsentStatus.Active, (await db.Consents.SingleAsync(c => c.InstanceId == instanceId && c.Status == ConsentStatus.Active)).Status);
            Assert.Empty(await db.Documents.Where(d => d.InstanceId == instanceId).ToListAsync());
            Assert.Single(await db.FollowUps.Where(f => f.InstanceId == instanceId && f.Status == FollowUpStatus.Pending).ToListAsync());
        }

        await using (var restarted = await AppProcess.StartAsync(_dataFolder, ("ConsentFlow:FollowUps:PollInterval", "00:00:00.500")))
        {
            var nurse = await restarted.ClientAsync(CaseDriver.Nurse);
            var documents = await WaitForDocumentsAsync(nurse, instanceId);
            await Task.Delay(TimeSpan.FromSeconds(2)); // several more worker passes: none may add a version
            documents = (JsonArray)await nurse.GetJsonAsync($"/api/v1/cases/{instanceId}/documents");
            var document = Assert.Single(documents)!;
            Assert.Equal(1, document["version"]!.GetValue<int>());
            Assert.Equal("current", document["status"]!.GetValue<string>());
        }

        await using (var db = OpenDatabase())
        {
            var item = await db.FollowUps.SingleAsync(f => f.InstanceId == instanceId);
            Assert.Equal(FollowUpStatus.Done, item.Status);
            var consent = await db.Consents.SingleAsync(c => c.InstanceId == instanceId && c.Status == ConsentStatus.Active);
            Assert.Equal(consent.Id, (await db.Documents.SingleAsync(d => d.InstanceId == instanceId)).ConsentId);
        }
    }

    private static async Task<JsonArray> WaitForDocumentsAsync(ApiClient nurse, Guid instanceId)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var documents = (JsonArray)await nurse.GetJsonAsync($"/api/v1/cases/{instanceId}/documents");
            if (documents.Count > 0) return documents;
            if (DateTime.UtcNow > until) throw new TimeoutException("No document appeared after the restart.");
            await Task.Delay(250);
        }
    }

    private ConsentFlowDbContext OpenDatabase() => DatabaseSetup.CreateContext(SqliteStorage.File(Path.Combine(_dataFolder, "consentflow.db")));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}
