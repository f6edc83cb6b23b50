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
        catch (Exception e) when (e is InvalidDataException { InnerException: FormatException { InnerException: System.Text.Json.JsonException json } })
        {
            // "Failed to load configuration from file 'x'" wraps the reader's position; one line with both is what helps.
            Console.Error.WriteLine($"error: {ConfigFileName(e.Message)}: not valid JSON at line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}: {json.Message.Split(" LineNumber", 2)[0]}");
            return UserError;
        }
        catch (Exception e) when (OpsReport.Web.Hosting.StoreFailureHandler.IsStoreFailure(e))
        {
            Console.Error.WriteLine("error: " + (e is OpsReport.Core.Storage.StoreUnavailableException ? e.Message
                : OpsReport.Core.Storage.StoreUnavailableException.Describe(StoreFile ?? "file", (e as System.Data.Common.DbException ?? e.InnerException)!.Message)));
            WriteStackIfVerbose(e);
            return Failed;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]} (run again with --verbose for the details).");
            WriteStackIfVerbose(e);
            return Failed;
        }
    }

    /// <summary>Set from --verbose: unexpected errors then print their stack after the one line.</summary>
    public static bool Verbose { get; set; }

    /// <summary>The store file of the running command, named when it cannot be read.</summary>
    public static string? StoreFile { get; set; }

    private static void WriteStackIfVerbose(Exception e)
    {
        if (Verbose)
            Console.Error.WriteLine(e.ToString());
    }

    private static string ConfigFileName(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : "--config";
    }
}
