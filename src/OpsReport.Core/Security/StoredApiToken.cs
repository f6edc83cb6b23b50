namespace OpsReport.Core.Security;

/// <summary>A token row as <c>store copy</c> moves it: the record and the hash of its text (never the text).</summary>
internal sealed record StoredApiToken(ApiToken Token, string Hash);
