namespace OpsReport.Core.Dashboards;

/// <summary>A mistake in a definition file, located as <c>file:line</c> with what was expected.</summary>
public sealed class DefinitionException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
