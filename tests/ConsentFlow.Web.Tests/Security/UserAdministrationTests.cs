using System.Net;
using System.Text.Json.Nodes;
using ConsentFlow.Web.Hosting;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Security;

/// <summary>Administrators manage people and keys, each change confirmed with their own password.</summary>
[Collection(AppCollection.Name)]
public sealed class UserAdministrationTests(RunningApp app)
{
    [Fact]
    public async Task An_administrator_adds_a_nurse_who_can_then_sign_in_and_work()
    {
        var admin = await app.ClientAsync(CaseDriver.Administrator);
        var body = new JsonObject
        {
            ["userName"] = "new-nurse", ["displayName"] = "Robin Park", ["professionalTitle"] = "RN", ["roles"] = new JsonArray("nurse"),
            ["password"] = "a long enough first password",
        };
        using (var unconfirmed = await admin.PostAsync("/api/v1/admin/users", body.DeepClone()))
            Assert.NotNull((await ApiClient.ReadAsync(unconfirmed, 400))["errors"]!["administratorPassword"]);

        body["administratorPassword"] = DemoStaff.Password;
        using (var created = await admin.PostAsync("/api/v1/admin/users", body))
            Assert.Equal("Robin Park, RN", (await ApiClient.ReadAsync(created, 201))["printedName"]!.GetValue<string>());

        var nurse = await ApiClient.SignInAsync(app.BaseAddress, "new-nurse", "a long enough first password");
        using var board = await nurse.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
    }

    [Fact]
    public async Task A_key_created_by_an_administrator_works_once_shown_and_stops_when_revoked()
    {
        var admin = await app.ClientAsync(CaseDriver.Administrator);
        using var created = await admin.PostAsync("/api/v1/admin/api-keys", new JsonObject
        {
            ["userName"] = CaseDriver.Nurse, ["scopes"] = new JsonArray("read"), ["name"] = "EHR interface", ["administratorPassword"] = DemoStaff.Password,
        });
        var answer = await ApiClient.ReadAsync(created, 201);
        var key = answer["key"]!.GetValue<string>();
        var prefix = answer["info"]!["prefix"]!.GetValue<string>();
        using (var read = await ApiClient.WithApiKey(app.BaseAddress, key).GetAsync("/api/v1/cases")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        var listed = (JsonArray)await admin.GetJsonAsync("/api/v1/admin/api-keys");
        Assert.DoesNotContain(key, listed.ToJsonString());

        using (var revoked = await admin.PostAsync($"/api/v1/admin/api-keys/{prefix}/revoke", new JsonObject { ["administratorPassword"] = DemoStaff.Password }))
            await ApiClient.ReadAsync(revoked, 200);
        using var after = await ApiClient.WithApiKey(app.BaseAddress, key).GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task An_unknown_role_or_scope_is_refused_naming_the_field()
    {
        var admin = await app.ClientAsync(CaseDriver.Administrator);
        using var role = await admin.PostAsync("/api/v1/admin/users", new JsonObject
        {
            ["userName"] = "janitor-1", ["displayName"] = "J", ["roles"] = new JsonArray("janitor"), ["password"] = "a long enough first password",
            ["administratorPassword"] = DemoStaff.Password,
        });
        Assert.NotNull((await ApiClient.ReadAsync(role, 400))["errors"]!["roles"]);
        using var scope = await admin.PostAsync("/api/v1/admin/api-keys", new JsonObject
        {
            ["userName"] = CaseDriver.Nurse, ["scopes"] = new JsonArray("everything"), ["administratorPassword"] = DemoStaff.Password,
        });
        Assert.NotNull((await ApiClient.ReadAsync(scope, 400))["errors"]!["scopes"]);
    }
}
