using ConsentFlow.Engine.Tests.Support;

namespace ConsentFlow.Engine.Tests.Cli;

public sealed class VerifyCommandTests
{
    [Fact]
    public async Task The_demo_writes_a_signed_consent_pdf_that_verifies_against_its_database()
    {
        using var folder = new TempFolder();
        var (pdf, database) = await DemoDocumentAsync(folder.Path);

        var verify = await CliRun.RunAsync("verify", pdf, "--db", database);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("matches stored consent document version 1", verify.Out);
        Assert.Contains("PAdES baseline: B-B", verify.Out);
        Assert.Contains("Certification (DocMDP): no changes permitted (P=1)", verify.Out);
        Assert.Contains("Timestamp: none", verify.Out);
        Assert.Contains("Certificate chain: not checked", verify.Out);
    }

    [Fact]
    public async Task A_demo_sealed_with_a_timestamp_authority_verifies_as_PAdES_B_T_with_the_authority_and_time()
    {
        using var folder = new TempFolder();
        var stampedAt = new DateTimeOffset(2026, 12, 1, 14, 0, 3, TimeSpan.Zero);
        using var authority = new ConsentFlow.Documents.Tests.TestTimestampAuthority(stampedAt);
        var run = await CliRun.RunAsync("demo", "--out", folder.Path, "--workflows", RepositoryPaths.Workflows,
            "--tsa", authority.Url.ToString(), "--public-url", "https://consent.clinic.example");
        Assert.True(run.ExitCode == 0, run.ToString());
        var pdf = Directory.GetFiles(folder.Path, "consent-*.pdf").Single();

        var verify = await CliRun.RunAsync("verify", pdf, "--db", Path.Combine(folder.Path, "consentflow-demo.db"));

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("PAdES baseline: B-T", verify.Out);
        Assert.Contains($"Timestamp: 2026-12-01T14:00:03Z by {authority.Certificate.Subject} (valid, covers the signature)", verify.Out);
        Assert.Contains("Certification (DocMDP): no changes permitted (P=1)", verify.Out);
        Assert.Equal(1, authority.Requests);
    }

    [Fact]
    public async Task Verify_says_whether_the_seal_certificate_chains_to_the_configured_trust_store()
    {
        using var folder = new TempFolder();
        var (pdf, database) = await DemoDocumentAsync(folder.Path);
        var trust = Path.Combine(folder.Path, "trust");
        Directory.CreateDirectory(trust);
        using (var seal = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                   Path.Combine(folder.Path, "consentflow-development-seal.pfx"), null))
            await File.WriteAllTextAsync(Path.Combine(trust, "clinic.pem"), seal.ExportCertificatePem());
        var empty = Path.Combine(folder.Path, "untrusted");
        Directory.CreateDirectory(empty);

        var trusted = await CliRun.RunAsync("verify", pdf, "--db", database, "--trust", trust);
        var untrusted = await CliRun.RunAsync("verify", pdf, "--db", database, "--trust", empty);

        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.Contains("Certificate chain: trusted", trusted.Out);
        Assert.Contains("Certificate chain: not trusted", untrusted.Out);
    }

    [Fact]
    public async Task A_consent_pdf_with_one_changed_byte_fails_verification()
    {
        using var folder = new TempFolder();
        var (pdf, database) = await DemoDocumentAsync(folder.Path);
        var bytes = await File.ReadAllBytesAsync(pdf);
        bytes[3000] ^= 0x20;
        var tampered = Path.Combine(folder.Path, "tampered.pdf");
        await File.WriteAllBytesAsync(tampered, bytes);

        var verify = await CliRun.RunAsync("verify", tampered, "--db", database);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("changed", verify.Error);
    }

    [Fact]
    public async Task A_validly_sealed_pdf_that_the_database_never_stored_is_unknown()
    {
        using var folder = new TempFolder();
        var (pdf, _) = await DemoDocumentAsync(Path.Combine(folder.Path, "first"));
        var (_, otherDatabase) = await DemoDocumentAsync(Path.Combine(folder.Path, "second"));
        File.Copy(Path.Combine(folder.Path, "first", "consentflow-development-seal.pfx"), Path.Combine(folder.Path, "second", "consentflow-development-seal.pfx"), overwrite: true);

        var verify = await CliRun.RunAsync("verify", pdf, "--db", otherDatabase);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("document is unknown", verify.Error);
    }

    [Fact]
    public async Task A_pdf_without_a_signature_fails_verification()
    {
        using var folder = new TempFolder();
        var plain = Path.Combine(folder.Path, "plain.pdf");
        await File.WriteAllTextAsync(plain, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

        var verify = await CliRun.RunAsync("verify", plain);

        Assert.Equal(1, verify.ExitCode);
    }

    private static async Task<(string Pdf, string Database)> DemoDocumentAsync(string output)
    {
        var run = await CliRun.RunAsync("demo", "--out", output, "--workflows", RepositoryPaths.Workflows);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (Directory.GetFiles(output, "consent-*.pdf").Single(), Path.Combine(output, "consentflow-demo.db"));
    }
}
