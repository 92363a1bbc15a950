using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ConsentFlow.Web.Security;

/// <summary>Tells OpenAPI readers (and Scalar's "Authorize") how to call the API: <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
public sealed class ApiKeySecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[AuthSchemes.ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "Authorization",
            Description = "An API key from `consentflow apikey create`, sent as `Authorization: ApiKey <key>`. The key acts as its user, narrowed by its scopes.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthSchemes.ApiKey, document)] = [] });
        return Task.CompletedTask;
    }
}
