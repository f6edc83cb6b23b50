using System.Security.Cryptography;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary><c>report render</c> and <c>report send</c> on the embedded default, checked with poppler and Python's email parser.</summary>
public sealed class ReportCliTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    [Fact]
    public async Task ReportRender_WeeklyProd_WritesAMultiPagePdfWithPeriodEnvironmentAndJapaneseTenant()
    {
        var pdf = Path.Combine(demo.Root, "render", "weekly-prod.pdf");

        var result = await demo.Cli().RunAsync("report", "render", "--report", "weekly", "--env", "prod", "--period", "2026-W47", "--out", pdf, "--data-dir", demo.DataDir);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^report render: .*weekly-prod\.pdf · prod 2026-W47 · \d+ pages", result.Stdout.Trim());
        var info = await Tool.RunAsync("pdfinfo", pdf);
        var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages >= 2, info);
        var text = await Tool.RunAsync("pdftotext", "-layout", pdf, "-");
        Assert.Contains("2026-W47", text);
        Assert.Contains("prod", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Asia/Tokyo", text);
        Assert.Contains("株式会社サクラ物流", text);
    }

    [Fact]
    public async Task ReportRender_UnknownReportOrBadPeriod_ExitsNonZeroWithOneLine()
    {
        var unknown = await demo.Cli().RunAsync("report", "render", "--report", "monthly", "--out", Path.Combine(demo.Root, "x.pdf"), "--data-dir", demo.DataDir);
        var badPeriod = await demo.Cli().RunAsync("report", "render", "--report", "weekly", "--period", "2026-W60", "--out", Path.Combine(demo.Root, "x.pdf"), "--data-dir", demo.DataDir);

        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("error: ", unknown.Stderr);
        Assert.Contains("weekly", unknown.Stderr);
        Assert.Equal(2, badPeriod.ExitCode);
        Assert.Contains("2026-W60", badPeriod.Stderr);
        Assert.Single(badPeriod.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task ReportSend_SamePeriodTwice_WritesOneEmlWithThePdfAttachedAndSendsAgainOnlyWhenForced()
    {
        var data = Path.Combine(demo.Root, "send-data");
        CopyDirectory(demo.DataDir, data);
        var outbox = Path.Combine(data, "outbox");
        string[] args = ["report", "send", "--report", "weekly", "--env", "prod", "--period", "2026-W46", "--data-dir", data];

        var first = await demo.Cli().RunAsync(args);
        var second = await demo.Cli().RunAsync(args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("already sent", second.Stdout, StringComparison.OrdinalIgnoreCase);
        var eml = Assert.Single(Directory.GetFiles(outbox, "*.eml"));

        using var parsed = JsonDocument.Parse(await Tool.RunAsync("python3", Path.Combine(RepositoryPaths.Root, "tests", "OpsReport.Reports.Tests", "Tools", "parse_eml.py"), eml));
        var root = parsed.RootElement;
        Assert.StartsWith("[OpsReport] OpsReport Demo prod — week of 2026-11-09", root.GetProperty("subject").GetString());
        Assert.Empty(root.GetProperty("defects").EnumerateArray());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());

        // The attachment is intact: extracted by the independent parser, poppler reads it as the week's report.
        var extracted = Path.Combine(demo.Root, "attachment.pdf");
        await Tool.RunAsync("python3", "-c",
            "import email, sys; from email import policy; m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default); open(sys.argv[2], 'wb').write(next(m.iter_attachments()).get_content())",
            eml, extracted);
        Assert.Equal(attachment.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(extracted))));
        Assert.Contains("Pages:", await Tool.RunAsync("pdfinfo", extracted));
        var attachedText = await Tool.RunAsync("pdftotext", "-layout", extracted, "-");
        Assert.Contains("2026-W46", attachedText);
        Assert.Contains("株式会社サクラ物流", attachedText);
        var sentAt = File.GetLastWriteTimeUtc(eml);

        var forced = await demo.Cli().RunAsync([.. args, "--force"]);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.DoesNotContain("already sent", forced.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        Assert.True(File.GetLastWriteTimeUtc(eml) > sentAt, "the forced send rewrote the message");
    }

    [Fact]
    public async Task ReportRender_SlowJapaneseTenant_ShowsItsSlowPathAgainstTheOtherTenants()
    {
        var pdf = Path.Combine(demo.Root, "render", "weekly-sakura.pdf");

        var result = await demo.Cli().RunAsync("report", "render", "--report", "weekly", "--env", "prod", "--period", "2026-W47", "--tenant", "sakura-logistics",
            "--out", pdf, "--data-dir", demo.DataDir);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("prod 2026-W47 sakura-logistics", result.Stdout);
        var text = await Tool.RunAsync("pdftotext", "-layout", pdf, "-");
        Assert.Contains("株式会社サクラ物流", text);
        Assert.Contains("Other tenants", text);
        // Its rows only: the export download path, far slower than the median of the other tenants on it.
        Assert.Contains(text.Split('\n'), l => l.Trim().StartsWith("株式会社サクラ物流", StringComparison.Ordinal)
            && l.Contains("/api/exports/{id}/download", StringComparison.Ordinal) && l.Contains('×'));
        Assert.DoesNotContain("株式会社みどり銀行", text); // another large tenant: not in this customer's report
    }

    [Fact]
    public async Task ReportRender_DayPeriodDryRun_WritesNothingAndSaysWhatItWouldBe()
    {
        var pdf = Path.Combine(demo.Root, "render", "never.pdf");

        var result = await demo.Cli().RunAsync("report", "render", "--report", "weekly", "--env", "prod", "--period", "2026-11-18", "--dry-run", "--out", pdf,
            "--data-dir", demo.DataDir);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^report render: dry run · prod 2026-11-18 · \d+ pages · \d+ KB · \d+ ms; nothing written\.$", result.Stdout.Trim());
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public async Task ReportSendAndCheck_DeliveryThatCannotWork_FailsForGoodAndCheckNamesIt()
    {
        var data = Path.Combine(demo.Root, "ses-data");
        CopyDirectory(demo.DataDir, data);
        // SES answers like an account whose sender is not verified: a permanent refusal, retrying cannot help.
        using var ses = new System.Net.HttpListener();
        var port = FreePort();
        ses.Prefixes.Add($"http://127.0.0.1:{port}/");
        ses.Start();
        var served = Task.Run(async () =>
        {
            var context = await ses.GetContextAsync();
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("""{"__type":"MessageRejected","message":"Email address is not verified."}"""u8.ToArray());
            context.Response.Close();
        });

        var send = await demo.Cli()
            .With("OpsReport__Email__Delivery", "Ses")
            .With("OpsReport__Demo__Enabled", "true")
            .With("OpsReport__Environments__0__Name", "prod")
            .With("OpsReport__Environments__0__Aws__Region", "ap-northeast-1")
            .With("AWS_ENDPOINT_URL", $"http://127.0.0.1:{port}/")
            .With("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .With("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .RunAsync("report", "send", "--report", "weekly", "--env", "prod", "--period", "2026-W45", "--data-dir", data);
        var check = await demo.Cli().RunAsync("check", "--data-dir", data);

        Assert.True(send.ExitCode == 1, send.ToString());
        Assert.Contains("MessageRejected", send.Stdout);
        Assert.DoesNotContain("wJalrXUtnFEMI", send.Output);
        Assert.True(served.IsCompletedSuccessfully, "SES received the message");
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("error report delivery weekly prod 2026-W45 failed for good after 1 attempt(s)", check.Stdout);
        Assert.Contains("`report send --report weekly --env prod --period 2026-W45`", check.Stdout);
    }

    [Fact]
    public async Task ReportSend_SesWithoutAnAwsEnvironment_StopsWithTheKeyToSet()
    {
        var send = await demo.Cli().With("OpsReport__Email__Delivery", "Ses").RunAsync("report", "send", "--report", "weekly", "--dry-run", "--data-dir", demo.DataDir);

        Assert.Equal(2, send.ExitCode);
        Assert.Contains("OpsReport:Email:Delivery: Ses needs an environment with an Aws section", send.Stderr);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task ReportSend_InJapanese_SaysEveryOutcomeAndRefusalInJapanese()
    {
        var data = Path.Combine(demo.Root, "send-ja");
        CopyDirectory(demo.DataDir, data);
        string[] args = ["report", "send", "--report", "weekly", "--env", "prod", "--lang", "ja", "--data-dir", data];

        var dryRun = await demo.Cli().RunAsync([.. args, "--period", "2026-W46", "--dry-run"]);
        var sent = await demo.Cli().RunAsync([.. args, "--period", "2026-W46"]);
        var again = await demo.Cli().RunAsync([.. args, "--period", "2026-W46"]);
        // The clock is fixed on Sunday of 2026-W47: that week has not ended, so sending it is refused.
        var refused = await demo.Cli().RunAsync([.. args, "--period", "2026-W47"]);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("ドライラン", dryRun.Stdout);
        Assert.Contains("送信済み", again.Stdout);
        Assert.Contains("まだ終わっていません", refused.Stderr);
        // The report, environment, delivery and product by name, and the CLI's commands (for scripts, not sentences).
        string[] names = ["weekly", "prod", "pickup", "OpsReport Demo", "Asia/Tokyo", "report send", "report render"];
        foreach (var output in new[] { dryRun.Stdout, sent.Stdout, again.Stdout, refused.Stderr })
        {
            // "error:" marks a failure for scripts; it is not a sentence.
            var english = ReaderLanguage.EnglishIn(output.Replace("error:", "", StringComparison.Ordinal), names);
            Assert.True(english.Count == 0, $"English in the Japanese CLI output:\n{output}\n{string.Join("\n", english)}");
        }
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
