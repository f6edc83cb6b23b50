using OpsReport.Core.Configuration;

namespace OpsReport.Core.Tests.Configuration;

public sealed class AuthOptionsValidatorTests
{
    [Fact]
    public void Errors_ProxyWithoutTrustedProxies_NamesTheKey()
    {
        var errors = AuthOptionsValidator.Errors(new AuthOptions { Mode = AuthMode.Proxy }, "OpsReport:Auth").ToList();

        Assert.Contains(errors, e => e.StartsWith("OpsReport:Auth:Proxy:TrustedProxies: list the proxy's addresses", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_OidcOverPlainHttpToAnotherHostAndNoSecret_NamesEachKey()
    {
        var auth = new AuthOptions { Mode = AuthMode.Oidc, Oidc = new() { Authority = "http://login.example.com", ClientId = "opsreport" } };

        var errors = AuthOptionsValidator.Errors(auth, "OpsReport:Auth").ToList();

        Assert.Contains(errors, e => e.StartsWith("OpsReport:Auth:Oidc:Authority:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("OpsReport:Auth:Oidc:ClientSecret:", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("OpsReport:Auth:Oidc:ClientId:", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_BadCidrAndBadOperator_NameTheirIndex()
    {
        var auth = new AuthOptions { Proxy = new() { TrustedProxies = ["10.0.0.0/8", "ten"] }, Operators = ["sre@example.com", "example.com", "<b>"] };

        var errors = AuthOptionsValidator.Errors(auth, "OpsReport:Auth").ToList();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("OpsReport:Auth:Proxy:TrustedProxies:1: 'ten' is not a CIDR", errors[0]);
        Assert.StartsWith("OpsReport:Auth:Operators:2:", errors[1]);
    }

    [Fact]
    public void Errors_EmbeddedDefault_IsValid()
    {
        Assert.Empty(AuthOptionsValidator.Errors(new AuthOptions(), "OpsReport:Auth"));
    }
}
