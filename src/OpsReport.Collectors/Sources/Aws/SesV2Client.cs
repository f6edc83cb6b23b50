using System.Text.Json.Nodes;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>Amazon SES v2 <c>SendEmail</c> with a raw MIME message (REST-JSON), so one message carries the HTML body and the PDF.</summary>
public sealed class SesV2Client(AwsApiClient api)
{
    /// <summary>SES v2 accepts raw messages up to 40 MB.</summary>
    public const int MaxRawMessageBytes = 40 * 1024 * 1024;

    /// <summary>Sends the message and returns SES's message id.</summary>
    public async Task<string> SendRawEmailAsync(string from, IReadOnlyList<string> to, byte[] mime, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        if (mime.Length > MaxRawMessageBytes)
            throw new ArgumentException($"The message is {mime.Length} bytes; SES v2 takes raw messages up to {MaxRawMessageBytes} bytes.", nameof(mime));
        var request = new JsonObject
        {
            ["FromEmailAddress"] = from,
            ["Destination"] = new JsonObject { ["ToAddresses"] = new JsonArray(to.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()) },
            ["Content"] = new JsonObject { ["Raw"] = new JsonObject { ["Data"] = Convert.ToBase64String(mime) } },
        };
        var response = await api.CallRestAsync(AwsService.SesV2, HttpMethod.Post, "v2/email/outbound-emails", "SendEmail", request, meter, cancellationToken);
        return Json.String(response, "MessageId") ?? "";
    }
}
