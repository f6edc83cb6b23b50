using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsReport.Reports.Tests.Support;

/// <summary>
/// A throwaway self-signed certificate for 127.0.0.1, written as PEM files for the test SMTP server; the client trusts
/// exactly this certificate and nothing else.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private readonly TempFolder _folder = new();

    public TestCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        CertificatePem = Path.Combine(_folder.Path, "cert.pem");
        KeyPem = Path.Combine(_folder.Path, "key.pem");
        File.WriteAllText(CertificatePem, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPem, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public string Thumbprint { get; }

    public (string CertificatePem, string KeyPem) Files => (CertificatePem, KeyPem);

    /// <summary>True for this certificate only: the chain of a self-signed certificate is never trusted by the system.</summary>
    public bool Trusts(X509Certificate? presented) =>
        presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), Thumbprint, StringComparison.Ordinal);

    public void Dispose() => _folder.Dispose();
}
