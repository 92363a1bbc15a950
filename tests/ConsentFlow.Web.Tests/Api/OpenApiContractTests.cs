using System.Text.Json.Nodes;
using ConsentFlow.Web.Tests.Support;

namespace ConsentFlow.Web.Tests.Api;

/// <summary>
/// Issue 11: the REST API is versioned under /api/v1 and its OpenAPI 3.1 document describes what each operation takes
/// and answers, so an EHR integrator can generate a client from it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiContractTests(RunningApp app)
{
    private static readonly string[] Writes = ["post", "put", "patch"];

    [Fact]
    public async Task The_api_document_is_openapi_3_1_and_every_rest_route_is_under_api_v1()
    {
        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths.Where(p => !p.StartsWith("/fhir", StringComparison.Ordinal)), p => Assert.StartsWith("/api/v1/", p));
    }

    [Fact]
    public async Task Every_write_operation_with_a_body_declares_its_request_schema()
    {
        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");

        var missing = Operations(document)
            .Where(o => Writes.Contains(o.Method) && o.Operation["requestBody"] is JsonObject body && body["content"]?.AsObject().Any(c => c.Value?["schema"] is null) != false)
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_operation_declares_its_success_answer_with_a_schema()
    {
        var document = await app.Anonymous().GetJsonAsync("/openapi/v1.json");

        var undocumented = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation["responses"]?.AsObject();
            var success = responses?.Where(r => r.Key.StartsWith('2')).ToList() ?? [];
            if (success.Count == 0) { undocumented.Add($"{method.ToUpperInvariant()} {path}: no 2xx answer"); continue; }
            foreach (var (status, response) in success.Where(s => s.Key != "204"))
            {
                var content = response?["content"]?.AsObject();
                if (content is null || content.Count == 0 || content.Any(c => c.Value?["schema"] is null))
                    undocumented.Add($"{method.ToUpperInvariant()} {path}: {status} has no schema");
            }
        }

        Assert.Empty(undocumented);
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        where path.Key.StartsWith("/api/v1/", StringComparison.Ordinal)
        from operation in path.Value!.AsObject()
        where operation.Value is JsonObject
        select (path.Key, operation.Key, (JsonObject)operation.Value!);
}
