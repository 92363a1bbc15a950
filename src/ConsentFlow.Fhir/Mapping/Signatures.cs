using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>One signature of a consent, read from the record's signatures in the order they were given (1-based).</summary>
public sealed record SignatureFacts(int Number, string SignerRole, string ActorId, string ActorRole, string Meaning, DateTime SignedAtUtc, string PrintedName)
{
    public const string Patient = "patient";
    public const string Witness = "witness";
    public const string Interpreter = "interpreter";

    public static IReadOnlyList<SignatureFacts> Parse(string signaturesJson) =>
        (JsonNode.Parse(signaturesJson) as JsonArray ?? []).OfType<JsonObject>().Select((s, i) => new SignatureFacts(
            i + 1,
            Text(s["signerRole"]) ?? "",
            Text(s["actor"]) ?? "",
            Text(s["actorRole"]) ?? "",
            Text(s["meaning"]) ?? "",
            DateTime.Parse(Text(s["signedAtUtc"])!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime(),
            // The name checked at signing (the account's or the one the vouching staff confirmed) wins over what was typed.
            Text(s["attestation"]?["PrintedName"]) ?? Text(s["attestation"]?["printedName"]) ?? Text(s["answers"]?["printedName"]) ?? "")).ToList();

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}

/// <summary>What the consent discussion and teach-back recorded about who consents and whether they understood.</summary>
public sealed record ConsentParties(bool ByRepresentative, string? RepresentativeRelationship, string? RepresentativeAuthority,
    bool? TeachBackPassed, DateTime? TeachBackAtUtc)
{
    public static ConsentParties From(JsonObject? data)
    {
        var discussion = data?["consentDiscussion"] as JsonObject;
        var teachBack = data?["teachBack"] as JsonObject;
        // The engine keeps when each form was submitted beside the answers, under "$submitted".
        var submittedAt = Text(data?["$submitted"]?["teachBack"]?["submittedAt"]);
        return new ConsentParties(
            Text(discussion?["signer"]) == "legalRepresentative",
            Text(discussion?["representativeRelationship"]),
            Text(discussion?["representativeAuthority"]),
            teachBack is null ? null : Flag(teachBack["passed"]) ?? teachBack.Where(a => a.Value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False).All(a => Flag(a.Value) == true),
            submittedAt is not null && DateTimeOffset.TryParse(submittedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when.UtcDateTime : null);
    }

    private static bool? Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
