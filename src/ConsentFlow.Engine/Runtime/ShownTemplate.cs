using System.Text.Json.Nodes;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// The consent template version a signer was shown, pinned with the consent's first signature: the signed document, the
/// countersign review and every later copy render this version, even after a newer one is published. Which version
/// that is, is the caller's call (the engine knows no templates); the engine only keeps it with the signature.
/// </summary>
public sealed record ShownTemplate(string TemplateId, int Version)
{
    internal const string Key = "shownTemplate";

    internal JsonObject ToJson() => new() { ["templateId"] = TemplateId, ["version"] = Version };

    /// <summary>The version pinned on a consent's signatures (stored JSON); null for a consent signed before versions were pinned.</summary>
    public static ShownTemplate? OfSignatures(string signaturesJson) =>
        JsonNode.Parse(signaturesJson) is JsonArray { Count: > 0 } signatures && signatures[0] is JsonObject first ? Of(first) : null;

    internal static ShownTemplate? Of(JsonObject signature) =>
        signature[Key] is JsonObject pin
        && pin["templateId"] is JsonValue id && id.TryGetValue<string>(out var templateId)
        && pin["version"] is JsonValue number && number.TryGetValue<int>(out var version)
            ? new ShownTemplate(templateId, version)
            : null;
}
