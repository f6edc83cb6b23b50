using System.Text.Json.Nodes;
using Amazon.Runtime;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;

namespace OpsReport.Collectors.Tests.Aws;

public sealed class AwsApiClientTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";

    [Fact]
    public async Task CallAsync_ThrottlingStorm_RetriesThenSucceedsAndCountsEveryRequest()
    {
        var failures = 0;
        await using var server = await FakeAwsServer.StartAsync(r => Interlocked.Increment(ref failures) <= 3
            ? FakeResponse.Error(400, "ThrottlingException", "Rate exceeded")
            : FakeResponse.Json(new { logGroups = Array.Empty<object>() }));
        var meter = new AwsUsageMeter();

        var response = await Client(server).CallAsync(AwsService.Logs, "DescribeLogGroups", [], meter, CancellationToken.None);

        Assert.Equal(System.Text.Json.JsonValueKind.Array, response.GetProperty("logGroups").ValueKind);
        Assert.Equal(4, server.Count("DescribeLogGroups"));
        Assert.Equal(4, meter.Usage.ApiCalls);
        Assert.Equal(4, meter.CallsByAction["logs:DescribeLogGroups"]);
    }

    [Theory]
    [InlineData(429, "TooManyRequestsException")]
    [InlineData(500, "InternalFailure")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(400, "LimitExceededException")]
    public async Task CallAsync_TransientError_IsRetried(int status, string type)
    {
        var calls = 0;
        await using var server = await FakeAwsServer.StartAsync(r => Interlocked.Increment(ref calls) == 1 ? FakeResponse.Error(status, type, "try again") : FakeResponse.Json(new { }));

        await Client(server).CallAsync(AwsService.CloudWatch, "ListMetrics", [], new AwsUsageMeter(), CancellationToken.None);

        Assert.Equal(2, server.Count("ListMetrics"));
    }

    [Theory]
    [InlineData("ValidationException")]
    [InlineData("InvalidParameterException")]
    [InlineData("AccessDeniedException")]
    public async Task CallAsync_ClientError_IsNotRetried(string type)
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Error(400, type, "bad"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(server).CallAsync(AwsService.CloudWatch, "GetMetricData", [], new AwsUsageMeter(), CancellationToken.None));

        Assert.Equal(1, server.Count("GetMetricData"));
        Assert.Equal(type, e.ErrorCode);
        Assert.StartsWith("prod: cloudwatch:GetMetricData ", e.Message);
    }

    [Fact]
    public async Task CallAsync_StormLongerThanAttempts_FailsNamingEnvironmentAndAction()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Error(400, "ThrottlingException", "Rate exceeded"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(server).CallAsync(AwsService.Logs, "StartQuery", [], new AwsUsageMeter(), CancellationToken.None));

        Assert.Equal(AwsTestHost.FastRetries.MaxAttempts, server.Count("StartQuery"));
        Assert.Equal("prod: logs:StartQuery failed with HTTP 400 (ThrottlingException: Rate exceeded).", e.Message);
    }

    [Fact]
    public async Task CallAsync_AccessDenied_OneLineNamesEnvironmentActionAndFix()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => new FakeResponse(400,
            """{"__type":"AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/ro is not authorized to perform: ce:GetCostAndUsage"}"""));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(server).CallAsync(AwsService.CostExplorer, "GetCostAndUsage", [], new AwsUsageMeter(), CancellationToken.None));

        Assert.True(e.IsAccessDenied);
        Assert.Equal("prod: ce:GetCostAndUsage denied (AccessDeniedException: User: arn:aws:iam::123456789012:user/ro is not authorized to perform: ce:GetCostAndUsage); allow ce:GetCostAndUsage in the IAM policy (README, Connect AWS).", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task CallAsync_ErrorEchoingSecrets_NeverShowsThem()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Error(403, "SignatureDoesNotMatch", $"signed with {Secret} and token {Token}"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(server).CallAsync(AwsService.Logs, "DescribeLogGroups", [], new AwsUsageMeter(), CancellationToken.None));

        Assert.True(e.IsCredentialProblem);
        Assert.DoesNotContain(Secret, e.Message);
        Assert.DoesNotContain(Token, e.Message);
        Assert.Contains("[redacted]", e.Message);
    }

    [Fact]
    public async Task CallAsync_SignedJsonRpcRequest_HasTargetContentTypeAndScope()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Json(new { }));

        await Client(server).CallAsync(AwsService.CostExplorer, "GetCostAndUsage", new JsonObject { ["Granularity"] = "DAILY" }, new AwsUsageMeter(), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("AWSInsightsIndexService.GetCostAndUsage", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal(Token, request.Headers["X-Amz-Security-Token"]);
        // Cost Explorer is signed for us-east-1 whatever the environment's region.
        Assert.Contains("/us-east-1/ce/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=", request.Headers["Authorization"]);
        Assert.Equal("DAILY", request.Body.GetProperty("Granularity").GetString());
    }

    [Fact]
    public async Task CallAsync_SlowAnswer_TimesOutPerCallAndRetries()
    {
        var calls = 0;
        await using var server = await FakeAwsServer.StartAsync(async _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                await Task.Delay(TimeSpan.FromSeconds(2));
            return FakeResponse.Json(new { });
        });
        var settings = AwsTestHost.FastRetries with { CallTimeout = TimeSpan.FromMilliseconds(300) };

        await Client(server, settings).CallAsync(AwsService.CloudWatch, "ListMetrics", [], new AwsUsageMeter(), CancellationToken.None);

        Assert.Equal(2, server.Count("ListMetrics"));
    }

    [Fact]
    public async Task CallAsync_Cancelled_StopsWithoutRetrying()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeAwsServer.StartAsync(async _ =>
        {
            received.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            return FakeResponse.Json(new { });
        });
        using var cancel = new CancellationTokenSource();

        // Cancelled once the request is at the server, however slowly the machine got it there.
        var call = Client(server).CallAsync(AwsService.CloudWatch, "ListMetrics", [], new AwsUsageMeter(), cancel.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(1, server.Count("ListMetrics"));
    }

    [Fact]
    public async Task CallRestAsync_SesV2SendEmail_PostsRawMessageToTheRestPath()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Json(new { MessageId = "0100018c-abc" }));
        var mime = "From: a@example.com\r\nTo: b@example.com\r\nSubject: weekly\r\n\r\nhello"u8.ToArray();

        var id = await new SesV2Client(Client(server)).SendRawEmailAsync("a@example.com", ["b@example.com"], mime, new AwsUsageMeter(), CancellationToken.None);

        Assert.Equal("0100018c-abc", id);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v2/email/outbound-emails", request.Action);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.False(request.Headers.ContainsKey("X-Amz-Target"));
        Assert.Contains("/ap-northeast-1/ses/aws4_request", request.Headers["Authorization"]);
        Assert.Equal(Convert.ToBase64String(mime), request.Body.GetProperty("Content").GetProperty("Raw").GetProperty("Data").GetString());
    }

    [Theory]
    [InlineData("com.amazonaws.logs#ThrottlingException", "ThrottlingException")]
    [InlineData("NotFoundException:http://internal.amazon.com/coral/com.amazonaws.sesv2/", "NotFoundException")]
    [InlineData("ValidationException", "ValidationException")]
    public void ErrorCode_NamespacedOrSuffixedType_GivesBareName(string type, string expected) =>
        Assert.Equal(expected, AwsApiClient.ErrorCode(type));

    private static AwsApiClient Client(FakeAwsServer server, AwsClientSettings? settings = null) =>
        new(new AwsConnection("prod", "ap-northeast-1", new SessionAWSCredentials("AKIDEXAMPLE", Secret, Token),
                new AwsEndpointResolver(name => name == "AWS_ENDPOINT_URL" ? server.Endpoint.ToString() : null)),
            settings ?? AwsTestHost.FastRetries);
}
