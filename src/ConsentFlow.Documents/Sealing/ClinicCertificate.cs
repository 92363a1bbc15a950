using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConsentFlow.Documents.Sealing;

/// <summary>The clinic's X.509 certificate with its private key, used to seal every consent PDF.</summary>
public sealed class ClinicCertificate : IDisposable
{
    /// <summary>File name of the development certificate kept in the app data folder.</summary>
    public const string DevelopmentFileName = "consentflow-development-seal.pfx";

    ClinicCertificate(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("the clinic certificate has no private key, so it cannot sign", nameof(certificate));
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public static ClinicCertificate FromCertificate(X509Certificate2 certificate) => new(certificate);

    /// <summary>Loads the configured production certificate.</summary>
    public static ClinicCertificate LoadPfx(string pfxPath, string? password) =>
        new(X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password, X509KeyStorageFlags.EphemeralKeySet));

    public static async Task<ClinicCertificate> LoadPfxAsync(string pfxPath, string? password, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(pfxPath, cancellationToken).ConfigureAwait(false);
        return new(X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet));
    }

    /// <summary>
    /// Development only: loads the self-signed certificate kept in <paramref name="dataFolder"/>, creating it
    /// on first run. It is kept so that documents sealed yesterday still verify against the same key today.
    /// </summary>
    public static ClinicCertificate LoadOrCreateDevelopment(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, DevelopmentFileName);
        if (!File.Exists(path))
            CreateDevelopmentFile(path);
        return LoadPfx(path, password: null);
    }

    static void CreateDevelopmentFile(string path)
    {
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedName("CN=ConsentFlow Development Seal, O=ConsentFlow Development, C=US");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));

        // Write to a temporary file and move it into place, so two processes starting together
        // never read a half-written file; the loser of the race keeps the winner's certificate.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    public void Dispose() => Certificate.Dispose();
}
