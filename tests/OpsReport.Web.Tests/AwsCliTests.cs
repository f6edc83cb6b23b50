using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// Acceptance of the AWS sources as a user runs them: the real OpsReport executable with AWS_ENDPOINT_URL pointing at a
/// real moto_server (IAM enforced, so signatures and policies are checked), seeded with metrics, log groups and cost
/// results. A counting proxy between them tells how many calls the server received.
/// </summary>
public sealed partial class AwsCliTests : IAsyncLifetime
{
    private const string Region = "ap-northeast-1";
    private static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
    // Three days back: every settling delay (CloudWatch hours, S3 days) has passed, so the window is complete.
    private static readonly DateTimeOffset From = Today.AddDays(-3);
    private static readonly DateTimeOffset To = Today.AddDays(-2);

    private readonly TempDirectory _dir = new();
    private readonly Moto _moto = new();

    public Task InitializeAsync() => _moto.StartAsync();

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Collect_MotoSeededWithMetricsLogsAndCost_FillsStoreCountsEveryCallAndRerunCallsNothing()
    {
        await SeedAsync();
        await using var proxy = await CountingProxy.StartAsync(_moto.Endpoint);
        var data = Path.Combine(_dir.Path, "data");
        var cli = await CliAsync(proxy.Endpoint, _moto.Admin);

        var metrics = await cli.RunAsync("collect", "--source", "cloudwatch", "--env", "prod", "--from", Iso(From), "--to", Iso(To), "--data-dir", data);

        Assert.True(metrics.ExitCode == 0, metrics.ToString());
        Assert.Contains("cloudwatch/prod/metrics", metrics.Stdout);
        Assert.Contains("cloudwatch/prod/daily", metrics.Stdout);
        var first = Summary(metrics);
        // Memory every hour of the day (a maximum per hour) and the bucket's size that day.
        Assert.Equal((2, 25L), (first.Series, first.Points));
        Assert.Equal(proxy.Total, first.ApiCalls);
        Assert.Equal(2, first.MetricsRequested);

        var logs = await cli.RunAsync("collect", "--source", "logs", "--env", "prod", "--from", Iso(Today.AddDays(-2)), "--to", Iso(Today), "--data-dir", data);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal(1, Summary(logs).ApiCalls);
        Assert.Equal(1, proxy.Count("DescribeLogGroups"));

        var cost = await cli.RunAsync("collect", "--source", "cost", "--env", "prod", "--from", Iso(From), "--to", Iso(To), "--data-dir", data);
        Assert.True(cost.ExitCode == 0, cost.ToString());
        Assert.Equal(2, Summary(cost).ApiCalls);
        Assert.Contains("est. $0.02", cost.Stdout);
        Assert.Equal(proxy.Total, first.ApiCalls + 1 + 2);

        var received = proxy.Total;
        foreach (var (source, from, to) in new[] { ("cloudwatch", From, To), ("logs", Today.AddDays(-2), Today), ("cost", From, To) })
        {
            var again = await cli.RunAsync("collect", "--source", source, "--env", "prod", "--from", Iso(from), "--to", Iso(to), "--data-dir", data);
            Assert.True(again.ExitCode == 0, again.ToString());
            var summary = Summary(again);
            Assert.Equal((0, 0L), (summary.ApiCalls, summary.Points));
        }
        Assert.Equal(received, proxy.Total);

        // The overview reads the store only: the AWS series show in the prod environment (no demo data beside them).
        await using var web = new AwsWebFactory(data);
        using var client = web.CreateClient();
        var memory = await client.GetFromJsonAsync<JsonElement>("/api/panels/memory?env=prod&range=7d");
        Assert.Contains("prod/api", memory.GetRawText());
        var page = await client.GetStringAsync("/?env=prod&range=7d");
        Assert.Contains("prod/api", page);
        Assert.DoesNotContain("demo data", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Check_MissingPermissionOrWrongKeys_ExitNonZeroWithOneLineNamingEnvironmentAndAction()
    {
        var reader = await _moto.CreateUserAsync("reader", "cloudwatch:*", "monitoring:*", "logs:*");
        var data = Path.Combine(_dir.Path, "data");

        var missing = await (await CliAsync(_moto.Endpoint, reader)).RunAsync("check", "--data-dir", data);

        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.Matches(@"ok    env prod aws: credentials from the default credential chain: account 123456789012 \(arn:aws:iam::123456789012:user/reader\)", missing.Stdout);
        var denied = Assert.Single(missing.Stdout.Split('\n'), l => l.StartsWith("error ", StringComparison.Ordinal));
        Assert.StartsWith("error env prod cost: ce:GetCostAndUsage denied (AccessDenied: ", denied);
        Assert.Matches(@"check: 1 error\(s\)", missing.Stdout);

        var wrong = await CliAsync(_moto.Endpoint, new BasicAWSCredentials("AKIAWRONGWRONGWRONG0", "not-the-secret"));
        var check = await wrong.RunAsync("check", "--data-dir", data);
        Assert.True(check.ExitCode != 0, check.ToString());
        Assert.Contains("error env prod aws: sts:GetCallerIdentity rejected the credentials (InvalidClientTokenId: The security token included in the request is invalid.)", check.Stdout);
        Assert.DoesNotContain("not-the-secret", check.Output);

        var collect = await wrong.RunAsync("collect", "--source", "cloudwatch", "--env", "prod", "--from", Iso(From), "--to", Iso(To), "--data-dir", data);
        Assert.True(collect.ExitCode != 0, collect.ToString());
        Assert.Contains("failed: cloudwatch/prod/metrics: prod: cloudwatch:ListMetrics rejected the credentials (InvalidClientTokenId: ", collect.Stderr);
        Assert.DoesNotContain("not-the-secret", collect.Output);
    }

    private async Task<CliProcess> CliAsync(Uri endpoint, AWSCredentials credentials)
    {
        var keys = await credentials.GetCredentialsAsync();
        return new CliProcess(_dir.Path)
            .With("AWS_ENDPOINT_URL", endpoint.ToString())
            .With("AWS_ACCESS_KEY_ID", keys.AccessKey)
            .With("AWS_SECRET_ACCESS_KEY", keys.SecretKey)
            .With("AWS_PROFILE", "")
            .With("AWS_EC2_METADATA_DISABLED", "true")
            .With("OpsReport__Environments__0__Name", "prod")
            .With("OpsReport__Environments__0__Aws__Region", Region)
            .With("OpsReport__Environments__0__Aws__Namespaces__0", "AWS/ECS")
            .With("OpsReport__Environments__0__Aws__Namespaces__1", "AWS/S3");
    }

    /// <summary>One ECS service's memory every ten minutes of <see cref="From"/>'s day, a bucket's size, a log group, and the day's cost.</summary>
    private async Task SeedAsync()
    {
        var client = new AwsApiClient(new AwsConnection("seed", Region, _moto.Admin, new AwsEndpointResolver(n => n == "AWS_ENDPOINT_URL" ? _moto.Endpoint.ToString() : null)));
        var meter = new AwsUsageMeter();
        var memory = new JsonArray();
        for (var minutes = 0; minutes < 24 * 60; minutes += 10)
        {
            memory.Add(new JsonObject
            {
                ["MetricName"] = "MemoryUtilization",
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "ClusterName", ["Value"] = "prod" }, new JsonObject { ["Name"] = "ServiceName", ["Value"] = "api" }),
                ["Timestamp"] = From.AddMinutes(minutes).ToUnixTimeSeconds(),
                ["Value"] = 40 + (minutes / 60),
            });
        }
        await client.CallAsync(AwsService.CloudWatch, "PutMetricData", new JsonObject { ["Namespace"] = "AWS/ECS", ["MetricData"] = memory }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.CloudWatch, "PutMetricData", new JsonObject
        {
            ["Namespace"] = "AWS/S3",
            ["MetricData"] = new JsonArray(new JsonObject
            {
                ["MetricName"] = "BucketSizeBytes",
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "BucketName", ["Value"] = "build-artifacts" }, new JsonObject { ["Name"] = "StorageType", ["Value"] = "StandardStorage" }),
                ["Timestamp"] = From.ToUnixTimeSeconds(),
                ["Value"] = 5e11,
            }),
        }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.Logs, "CreateLogGroup", new JsonObject { ["logGroupName"] = "/aws/lambda/billing-sync-staging" }, meter, CancellationToken.None);

        var day = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var next = To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await _moto.PresetCostResultsAsync(
            new { ResultsByTime = new[] { new { TimePeriod = new { Start = day, End = next }, Total = new { }, Groups = new[] { CostGroup("31.5", "123456789012") }, Estimated = false } } },
            new { ResultsByTime = new[] { new { TimePeriod = new { Start = day, End = next }, Total = new { }, Groups = new[] { CostGroup("31.5", "AmazonCloudWatch", "APN1-DataProcessing-Bytes") }, Estimated = false } } });
    }

    private static object CostGroup(string amount, params string[] keys) => new { Keys = keys, Metrics = new { UnblendedCost = new { Amount = amount, Unit = "USD" } } };

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    private static CollectSummary Summary(CliResult result)
    {
        var m = SummaryLine().Match(result.Stdout);
        Assert.True(m.Success, result.ToString());
        return new CollectSummary(
            int.Parse(m.Groups["series"].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["calls"].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["metrics"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"collect: \d+ streams, (?<series>\d+) series, (?<points>\d+) points, (?<calls>\d+) API calls, (?<metrics>\d+) metrics requested, [\d.]+ GB scanned, est\. ")]
    private static partial Regex SummaryLine();

    private sealed record CollectSummary(int Series, long Points, int ApiCalls, long MetricsRequested);

    /// <summary>The web host over the collected data directory, with prod as an AWS environment and background collection off.</summary>
    private sealed class AwsWebFactory(string dataDir) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("OpsReport:DataDir", dataDir);
            builder.UseSetting("OpsReport:DashboardsDir", RepositoryPaths.Dashboards);
            builder.UseSetting("OpsReport:Collection:Enabled", "false");
            builder.UseSetting("OpsReport:Environments:0:Name", "prod");
            builder.UseSetting("OpsReport:Environments:0:Aws:Region", Region);
        }
    }

    /// <summary>moto_server on a free loopback port with IAM enforced; killed on dispose.</summary>
    private sealed class Moto : IAsyncDisposable
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
        private Process? _process;

        public Uri Endpoint { get; private set; } = null!;

        public AWSCredentials Admin { get; private set; } = null!;

        public async Task StartAsync()
        {
            var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims"))
                .Select(dir => Path.Combine(dir, "moto_server")).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("moto_server was not found on PATH nor in ~/.pyenv/shims; install it with `pip install 'moto[server]'`.");
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
            }
            var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-H", "127.0.0.1", "-p", Endpoint.Port.ToString(CultureInfo.InvariantCulture) })
                info.ArgumentList.Add(arg);
            // Three unauthenticated calls create the admin; from then on every request must be signed by a known key.
            info.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "3";
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start moto_server");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
            {
                try
                {
                    using var _ = await _http.GetAsync(new Uri(Endpoint, "moto-api/data.json"));
                    break;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
                {
                }
            }
            var bootstrap = new BasicAWSCredentials("AKIDBOOTSTRAP00000000", "bootstrap");
            await IamAsync(bootstrap, "CreateUser", ("UserName", "admin"));
            await IamAsync(bootstrap, "PutUserPolicy", ("UserName", "admin"), ("PolicyName", "all"), ("PolicyDocument", Policy("*")));
            Admin = Keys(await IamAsync(bootstrap, "CreateAccessKey", ("UserName", "admin")));
        }

        public async Task<AWSCredentials> CreateUserAsync(string name, params string[] actions)
        {
            await IamAsync(Admin, "CreateUser", ("UserName", name));
            await IamAsync(Admin, "PutUserPolicy", ("UserName", name), ("PolicyName", "only"), ("PolicyDocument", Policy(actions)));
            return Keys(await IamAsync(Admin, "CreateAccessKey", ("UserName", name)));
        }

        public async Task PresetCostResultsAsync(params object[] results)
        {
            // PascalCase as in the GetCostAndUsage response (PostAsJsonAsync would camel-case it).
            using var content = new StringContent(JsonSerializer.Serialize(new { results }), Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(new Uri(Endpoint, "moto-api/static/ce/cost-and-usage-results"), content);
            response.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process?.Dispose();
        }

        private async Task<string> IamAsync(AWSCredentials credentials, string action, params (string Name, string Value)[] parameters)
        {
            var body = Encoding.UTF8.GetBytes(string.Join('&', parameters.Prepend(("Version", "2010-05-08")).Prepend(("Action", action))
                .Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));
            var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" };
            var keys = await credentials.GetCredentialsAsync();
            var signature = SigV4Signer.Sign("POST", Endpoint, headers, body, keys, "us-east-1", "iam", DateTimeOffset.UtcNow);
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", headers["Content-Type"]);
            request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"moto IAM {action}: {(int)response.StatusCode} {text}");
        }

        private static string Policy(params string[] actions) =>
            JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = actions, Resource = "*" } } });

        private static BasicAWSCredentials Keys(string xml) => new(Xml(xml, "AccessKeyId"), Xml(xml, "SecretAccessKey"));

        private static string Xml(string xml, string element) => Regex.Match(xml, $"<{element}>([^<]*)</{element}>").Groups[1].Value;
    }

    /// <summary>Forwards to moto on 127.0.0.1 and counts the requests by action (the signed Host header is kept).</summary>
    private sealed class CountingProxy : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _http = new();
        private readonly ConcurrentQueue<string> _actions = new();

        private CountingProxy(WebApplication app, Uri target)
        {
            _app = app;
            app.Run(async context =>
            {
                var amzTarget = context.Request.Headers["X-Amz-Target"].ToString();
                _actions.Enqueue(amzTarget.Length > 0 ? amzTarget[(amzTarget.LastIndexOf('.') + 1)..] : context.Request.Path.Value ?? "");
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString))
                {
                    Content = new ByteArrayContent(body.ToArray()),
                };
                foreach (var (name, values) in context.Request.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
                {
                    if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                        forward.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
                }
                forward.Headers.Host = context.Request.Host.Value;
                using var response = await _http.SendAsync(forward);
                context.Response.StatusCode = (int)response.StatusCode;
                context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
                await response.Content.CopyToAsync(context.Response.Body);
            });
        }

        public Uri Endpoint { get; private set; } = null!;

        public int Total => _actions.Count;

        public int Count(string action) => _actions.Count(a => a == action);

        public static async Task<CountingProxy> StartAsync(Uri target)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var proxy = new CountingProxy(builder.Build(), target);
            await proxy._app.StartAsync();
            var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            proxy.Endpoint = new Uri(address.TrimEnd('/') + "/");
            return proxy;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _http.Dispose();
        }
    }
}
