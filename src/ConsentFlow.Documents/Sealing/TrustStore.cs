using System.Security.Cryptography.X509Certificates;

namespace ConsentFlow.Documents.Sealing;

/// <summary>The certificates a verifier trusts as roots for seals: a PEM/DER file, or a folder of them.</summary>
public static class TrustStore
{
    static readonly string[] Extensions = [".pem", ".crt", ".cer", ".der"];

    /// <exception cref="FileNotFoundException">Neither a file nor a folder exists at <paramref name="path"/>.</exception>
    public static X509Certificate2Collection Load(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new FileNotFoundException("trust store not found", path);
        var certificates = new X509Certificate2Collection();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                certificates.ImportFromPemFile(file);
            else
                certificates.Add(X509CertificateLoader.LoadCertificateFromFile(file));
        }

        return certificates;
    }
}
