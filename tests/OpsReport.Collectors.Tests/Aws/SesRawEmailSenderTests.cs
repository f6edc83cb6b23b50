using Amazon.Runtime;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Email;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>Report mail through SES v2: the raw MIME goes out signed, and SES refusals tell the outbox whether to retry.</summary>
public sealed class SesRawEmailSenderTests
{
    private static readonly byte[] Mime = "From: ops@example.com\r\nTo: pm@example.com\r\nSubject: weekly\r\n\r\nhello"u8.ToArray();

    [Fact]
    public async Task SendRawAsync_Accepted_ReturnsSesMessageIdAndSendsTheRawMessage()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Json(new { MessageId = "0100-ses-id" }));

        var id = await Sender(server).SendRawAsync(Mime, "ops@example.com", ["pm@example.com", "cs@example.com"]);

        Assert.Equal("0100-ses-id", id);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v2/email/outbound-emails", request.Action);
        Assert.Equal(Convert.ToBase64String(Mime), request.Body.GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetString());
        Assert.Equal(2, request.Body.GetProperty("Destination").GetProperty("ToAddresses").GetArrayLength());
    }

    [Fact]
    public async Task SendRawAsync_MessageRejected_IsPermanent()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Error(400, "MessageRejected", "Email address is not verified."));

        var error = await Assert.ThrowsAsync<RawEmailException>(() => Sender(server).SendRawAsync(Mime, "ops@example.com", ["pm@example.com"]));

        Assert.True(error.Permanent);
        Assert.Contains("MessageRejected", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendRawAsync_ServiceUnavailableAfterRetries_IsNotPermanent()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Error(503, "ServiceUnavailable", "try later"));

        var error = await Assert.ThrowsAsync<RawEmailException>(() => Sender(server).SendRawAsync(Mime, "ops@example.com", ["pm@example.com"]));

        Assert.False(error.Permanent);
        Assert.True(server.Requests.Count > 1, "the client retried before giving up");
    }

    private static SesRawEmailSender Sender(FakeAwsServer server) =>
        new(() => new SesV2Client(new AwsApiClient(
            new AwsConnection("prod", "ap-northeast-1", new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                new AwsEndpointResolver(name => name == "AWS_ENDPOINT_URL" ? server.Endpoint.ToString() : null)),
            AwsTestHost.FastRetries)));
}
