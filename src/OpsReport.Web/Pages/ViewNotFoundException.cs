namespace OpsReport.Web.Pages;

/// <summary>A view or thing that does not exist (an unknown tenant); shown with a 404 status.</summary>
public sealed class ViewNotFoundException(string message) : Exception(message);
