using MimeKit;

namespace OpsReport.Reports.Email;

/// <summary>A configured delivery that cannot work in this build: every attempt fails with the reason, recorded in the outbox.</summary>
internal sealed class UnavailableDelivery(string name, string reason) : IEmailDelivery
{
    public string Name => name;

    public Task<string> DeliverAsync(MimeMessage message, string deliveryKey, CancellationToken cancellationToken = default) =>
        Task.FromException<string>(new NotSupportedException(reason));
}
