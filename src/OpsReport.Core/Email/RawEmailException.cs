namespace OpsReport.Core.Email;

/// <summary>A raw send that failed; <see cref="Permanent"/> tells the outbox whether to retry.</summary>
public sealed class RawEmailException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
