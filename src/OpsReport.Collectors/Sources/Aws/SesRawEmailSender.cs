using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Email;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Sends report mail through Amazon SES v2 <c>SendEmail</c> (raw MIME) with the credentials and region of the environment
/// named by <c>OpsReport:Email:SesEnvironment</c> (default: the first environment with an <c>Aws</c> section).
/// </summary>
public sealed class SesRawEmailSender : IRawEmailSender
{
    private readonly Func<SesV2Client> _client;

    public SesRawEmailSender(AwsClientPool pool, IOptions<OpsReportOptions> options)
        : this(() => new SesV2Client(pool.For(SesEnvironment(options.Value))))
    {
    }

    internal SesRawEmailSender(Func<SesV2Client> client) => _client = client;

    public string Name => "ses";

    public async Task<string> SendRawAsync(ReadOnlyMemory<byte> mime, string from, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _client().SendRawEmailAsync(from, recipients, mime.ToArray(), new AwsUsageMeter(), cancellationToken);
        }
        catch (AwsServiceException e)
        {
            // The client already retried throttling and 5xx; what is left is either permanent (rejected sender,
            // validation, access denied) or a retryable error that outlasted the client's retries.
            throw new RawEmailException(e.Message, permanent: !e.IsRetryable, e);
        }
        catch (AwsTimeoutException e)
        {
            throw new RawEmailException(e.Message, permanent: false, e);
        }
        catch (HttpRequestException e)
        {
            throw new RawEmailException("SES could not be reached: " + e.Message, permanent: false, e);
        }
    }

    private static string SesEnvironment(OpsReportOptions options) =>
        options.Email.SesEnvironment
        ?? options.Environments.FirstOrDefault(e => e.Aws is not null)?.Name
        ?? throw new InvalidOperationException("OpsReport:Email:Delivery is Ses but no environment has an Aws section to send with.");
}
