using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using OpsReport.Collectors.Sources.Aws;

namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// A real moto_server (Python moto 5) on a free loopback port, started once for the "moto" collection and killed on
/// dispose. It runs with IAM authentication on (INITIAL_NO_AUTH_ACTION_COUNT): requests must be signed correctly by a
/// known access key, and policies are enforced, so wrong keys and missing permissions behave as on AWS.
/// </summary>
public sealed partial class MotoServer : IAsyncLifetime
{
    // The first three calls (create the admin, give it '*', create its key) run before authentication starts.
    private const int UnauthenticatedSetupCalls = 3;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly StringBuilder _log = new();
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Keys of a user allowed everything.</summary>
    public AWSCredentials Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException("moto_server was not found on PATH, in ~/.pyenv/shims nor in ~/.cache/opsreport/moto-5.2.1; run `bash .ci/test.sh`, which installs it.");
        var port = FreePort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-H");
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = UnauthenticatedSetupCalls.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}: {Log}");
            try
            {
                using var response = await _http.GetAsync(new Uri(Endpoint, "moto-api/data.json"));
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        var bootstrap = new BasicAWSCredentials("AKIDBOOTSTRAP00000000", "bootstrap");
        await IamAsync(bootstrap, "CreateUser", ("UserName", "admin"));
        await IamAsync(bootstrap, "PutUserPolicy", ("UserName", "admin"), ("PolicyName", "all"), ("PolicyDocument", Policy("*")));
        var key = await IamAsync(bootstrap, "CreateAccessKey", ("UserName", "admin"));
        Admin = new BasicAWSCredentials(XmlValue(key, "AccessKeyId"), XmlValue(key, "SecretAccessKey"));
    }

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>Creates a user whose only policy allows the given actions, and returns its keys.</summary>
    public async Task<AWSCredentials> CreateUserAsync(string name, params string[] actions)
    {
        await IamAsync(Admin, "CreateUser", ("UserName", name));
        await IamAsync(Admin, "PutUserPolicy", ("UserName", name), ("PolicyName", "only"), ("PolicyDocument", Policy(actions)));
        var key = await IamAsync(Admin, "CreateAccessKey", ("UserName", name));
        return new BasicAWSCredentials(XmlValue(key, "AccessKeyId"), XmlValue(key, "SecretAccessKey"));
    }

    /// <summary>Creates a role any principal may assume (moto does not match account-root principals), allowed the given actions; returns its ARN.</summary>
    public async Task<string> CreateRoleAsync(string name, params string[] actions)
    {
        var trust = JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[] { new { Effect = "Allow", Principal = new { AWS = "*" }, Action = "sts:AssumeRole" } },
        });
        var role = await IamAsync(Admin, "CreateRole", ("RoleName", name), ("AssumeRolePolicyDocument", trust));
        await IamAsync(Admin, "PutRolePolicy", ("RoleName", name), ("PolicyName", "only"), ("PolicyDocument", Policy(actions)));
        return XmlValue(role, "Arn");
    }

    /// <summary>Queues GetCostAndUsage answers: moto gives each new request body the next one (and the same body the same one).</summary>
    public async Task PresetCostResultsAsync(params object[] results)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { results }), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(Endpoint, "moto-api/static/ce/cost-and-usage-results"), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A signed client for seeding through the wire calls the SDKs make (PutMetricData, CreateLogGroup…).</summary>
    public AwsApiClient Client(string region, AWSCredentials? credentials = null) =>
        new(new AwsConnection("moto", region, credentials ?? Admin, new AwsEndpointResolver(name => name == "AWS_ENDPOINT_URL" ? Endpoint.ToString() : null)),
            new AwsClientSettings(2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30)));

    /// <summary>Metric data points sent as an agent would send them: one PutMetricData (JSON 1.0) per namespace.</summary>
    public async Task PutMetricDataAsync(string region, IEnumerable<(string Namespace, string Name, (string, string)[] Dims, DateTimeOffset Time, double Value)> data)
    {
        var client = Client(region);
        foreach (var ns in data.GroupBy(d => d.Namespace))
        {
            var request = new JsonObject
            {
                ["Namespace"] = ns.Key,
                ["MetricData"] = new JsonArray(ns.Select(d => (JsonNode)new JsonObject
                {
                    ["MetricName"] = d.Name,
                    ["Dimensions"] = new JsonArray(d.Dims.Select(x => (JsonNode)new JsonObject { ["Name"] = x.Item1, ["Value"] = x.Item2 }).ToArray()),
                    ["Timestamp"] = d.Time.ToUnixTimeSeconds(),
                    ["Value"] = d.Value,
                }).ToArray()),
            };
            await client.CallAsync(AwsService.CloudWatch, "PutMetricData", request, new AwsUsageMeter(), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
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
        var form = string.Join('&', new[] { ("Action", action), ("Version", "2010-05-08") }.Concat(parameters)
            .Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
        var body = Encoding.UTF8.GetBytes(form);
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" };
        var keys = await credentials.GetCredentialsAsync();
        var signature = SigV4Signer.Sign("POST", Endpoint, headers, body, keys, "us-east-1", "iam", DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", headers["Content-Type"]);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"moto IAM {action} failed: {(int)response.StatusCode} {text}");
        return text;
    }

    private static string Policy(params string[] actions) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[] { new { Effect = "Allow", Action = actions, Resource = "*" } },
    });

    private static string XmlValue(string xml, string element) =>
        Regex.Match(xml, $"<{element}>([^<]*)</{element}>") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no {element} in {xml}");

    private static string? FindExecutable()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims"))
            // Where .ci/test.sh installs the pinned moto when the machine has none.
            .Append(Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "opsreport", "moto-5.2.1", "bin"))
            .Select(dir => Path.Combine(dir, "moto_server"));
        return candidates.FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (_log.Length < 20_000)
                _log.AppendLine(line);
        }
    }
}

/// <summary>The tests that share one moto_server; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
