using Microsoft.Extensions.Options;
using OpsReport.Core.Dashboards;

namespace OpsReport.Web.Cli;

/// <summary>Runs a command body and turns user mistakes into one clear line and a non-zero exit code, never a stack trace.</summary>
internal static class CliRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UserError = 2;

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
                Console.Error.WriteLine("error: " + failure);
            Console.Error.WriteLine($"configuration has {e.Failures.Count()} error(s); fix the keys above (appsettings.json or OpsReport__… environment variables).");
            return UserError;
        }
        catch (DefinitionException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return UserError;
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or FormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled.");
            return Failed;
        }
    }
}
