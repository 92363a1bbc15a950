using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ConsentFlow.Web.Api;

/// <summary>Documents the interim caller headers on every API operation, so Scalar shows where to put them.</summary>
public sealed class CallerHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith("fhir/metadata", StringComparison.Ordinal) == true) return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(Caller.IdHeader, "User id of the person acting (interim: real authentication comes later)."));
        operation.Parameters.Add(Header(Caller.RoleHeader, "Role acting: " + string.Join(", ", Roles.All)));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name, In = ParameterLocation.Header, Required = true, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
