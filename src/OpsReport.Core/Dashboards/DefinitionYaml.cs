using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsReport.Core.Dashboards;

/// <summary>Parses a definition file's YAML, turning every parser failure into a located <see cref="DefinitionException"/>.</summary>
public static class DefinitionYaml
{
    /// <summary>The root node of the first document, or null for an empty file.</summary>
    public static YamlNode? LoadRoot(string yaml, string file)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new DefinitionException(file, (int)e.Start.Line, "malformed YAML: " + (e.InnerException?.Message ?? e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16 throws this instead of a YamlException for a [ or { left open across lines;
            // the last event it parsed is where the collection was left open.
            throw new DefinitionException(file, (int)(parser.Current?.End.Line ?? 1), "malformed YAML: a [ or { is not closed, or a value runs on where it should end.");
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }
}
