using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConsentFlow.Web.Tests.Support;

/// <summary>
/// An HTTP client that is one signed-in person, as a browser would be: it signs in through the real sign-in form
/// (antiforgery token and all) and keeps its cookies; or it carries an API key; or nobody at all.
/// </summary>
public sealed partial class ApiClient
{
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string? _authorization;

    private ApiClient(Uri baseAddress, string? authorization)
    {
        _baseAddress = baseAddress;
        _authorization = authorization;
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; }

    public static ApiClient Anonymous(Uri baseAddress) => new(baseAddress, null);

    public static ApiClient WithApiKey(Uri baseAddress, string key) => new(baseAddress, $"ApiKey {key}");

    /// <summary>Signs in through the sign-in page; fails the test unless the app accepts the credentials.</summary>
    public static async Task<ApiClient> SignInAsync(Uri baseAddress, string userName, string password)
    {
        var client = Anonymous(baseAddress);
        using var response = await client.PostFormAsync("/account/login", "/account/login", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/" });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/",
            $"Sign-in as {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        return client;
    }

    /// <summary>Posts a page's form the way a browser does: fetch the page for its antiforgery token, then post with the same cookies.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string actionPath, Dictionary<string, string> fields)
    {
        using var page = await GetAsync(pagePath);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"{pagePath} answered {(int)page.StatusCode} without a form token.");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, actionPath)) { Content = new FormUrlEncodedContent(form) });
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode? body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, body, headers);

    public Task<HttpResponseMessage> PatchAsync(string path, JsonNode body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] content, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, path)) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return SendAsync(request);
    }

    public Task<HttpResponseMessage> PostContentAsync(string path, HttpContent content) => SendContentAsync(HttpMethod.Post, path, content);

    /// <param name="expectContinue">Waits for the server's go-ahead before sending the body, so a body refused up front (413) is never half-sent.</param>
    public Task<HttpResponseMessage> SendContentAsync(HttpMethod method, string path, HttpContent content, bool expectContinue = false) =>
        SendAsync(new HttpRequestMessage(method, new Uri(_baseAddress, path)) { Content = content, Headers = { ExpectContinue = expectContinue } });

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        return await ReadAsync(response, 200);
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseAddress, path));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        return SendAsync(request);
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        return _http.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
