using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>An HTTP client acting as one person in one role (the interim X-Actor-* headers).</summary>
public sealed class ApiClient(Uri baseAddress, string actorId, string role)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode? body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, body, headers);

    public Task<HttpResponseMessage> PatchAsync(string path, JsonNode body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] content, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Actor-Id", actorId);
        request.Headers.Add("X-Actor-Role", role);
        return Http.SendAsync(request);
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        return await ReadAsync(response, 200);
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Add("X-Actor-Id", actorId);
        request.Headers.Add("X-Actor-Role", role);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        return await Http.SendAsync(request);
    }
}
