namespace OpsReport.Web.Pages;

/// <summary>A request parameter that cannot be used; the message is shown as is with a 400 status.</summary>
public sealed class BadViewRequestException(string message) : Exception(message);
