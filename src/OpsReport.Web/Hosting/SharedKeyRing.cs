using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Security;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Where the data-protection keys (antiforgery tokens, sign-in cookies) live: in the PostgreSQL store when instances share
/// one, else in a <c>keys</c> directory beside the SQLite file. Either way two instances on one store and a restart accept
/// what was issued before; the key material is never logged.
/// </summary>
internal static class SharedKeyRing
{
    // One name for every instance: the default discriminator is the content root, which differs between machines.
    private const string ApplicationName = "OpsReport";

    public static IServiceCollection AddOpsReportKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var options = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            o.XmlRepository = options.Store.Provider == "Postgres"
                ? new PostgresXmlRepository(new PostgresKeyRing(options.Store.ConnectionString!), sp.GetRequiredService<TimeProvider>())
                : new FileSystemXmlRepository(new DirectoryInfo(KeyDirectory(options)), sp.GetRequiredService<ILoggerFactory>());
        }));
        return services;
    }

    /// <summary>The directory beside the SQLite file that holds the key ring when the store is SQLite.</summary>
    public static string KeyDirectory(OpsReportOptions options) => Path.GetFullPath(Path.Combine(options.DataDir, "keys"));

    private sealed class PostgresXmlRepository(PostgresKeyRing ring, TimeProvider time) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => [.. ring.ReadAll().Select(XElement.Parse)];

        public void StoreElement(XElement element, string friendlyName) =>
            ring.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow());
    }
}
