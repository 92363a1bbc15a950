using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ConsentFlow.Documents.Sealing;

namespace ConsentFlow.Documents.Tests;

/// <summary>
/// A small RFC 3161 timestamp authority on loopback for one test: it answers each timestamp query with a
/// token for the requested message imprint and nonce, signed by its own test certificate at a fixed time.
/// </summary>
internal sealed class TestTimestampAuthority : IDisposable
{
    public const string SubjectName = "CN=ConsentFlow Test Timestamp Authority, O=ConsentFlow Tests";
    const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";

    readonly HttpListener _listener = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    long _serial;

    public TestTimestampAuthority(DateTimeOffset time)
    {
        Time = time;
        Certificate = CreateCertificate();
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/tsa/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public DateTimeOffset Time { get; }
    public X509Certificate2 Certificate { get; }
    public Uri Url { get; }
    public int Requests => (int)Interlocked.Read(ref _serial);

    async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.ContentType != "application/timestamp-query"
                || !Rfc3161TimestampRequest.TryDecode(body.ToArray(), out var request, out _))
            {
                context.Response.StatusCode = 400;
                context.Response.Close();
                continue;
            }

            var reply = Reply(request);
            context.Response.ContentType = "application/timestamp-reply";
            context.Response.ContentLength64 = reply.Length;
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
        }
    }

    /// <summary>TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo }</summary>
    byte[] Reply(Rfc3161TimestampRequest request)
    {
        var serial = Interlocked.Increment(ref _serial);
        var info = new Rfc3161TimestampTokenInfo(
            new Oid("1.3.6.1.4.1.57264.1.1"), request.HashAlgorithmId, request.GetMessageHash(),
            new BigInteger(serial).ToByteArray(isUnsigned: true, isBigEndian: true), Time,
            accuracyInMicroseconds: 1_000_000, isOrdering: false, nonce: request.GetNonce());
        var cms = new SignedCms(new ContentInfo(new Oid(TstInfoContentType), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = request.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(CmsSignedAttributes.SigningCertificateV2Oid), CmsSignedAttributes.SigningCertificateV2(Certificate)));
        cms.ComputeSignature(signer, silent: true);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
                writer.WriteInteger(0); // granted
            writer.WriteEncodedValue(cms.Encode());
        }

        return writer.Encode();
    }

    static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(SubjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true)); // timeStamping
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddYears(-2), now.AddYears(2));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.EphemeralKeySet);
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _listener.Close();
        Certificate.Dispose();
        _stop.Dispose();
    }
}

/// <summary>A clock that always reads the same instant, so every date a document carries can be compared.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
