namespace OpsReport.Web.Hosting;

/// <summary>The sentences of sign-in, roles, limits and store failures, in English and Japanese.</summary>
internal static class AccessText
{
    private static readonly Dictionary<string, (string En, string Ja)> Texts = new(StringComparer.Ordinal)
    {
        ["signInRequired"] = ("Sign-in is required: open the dashboard through the company sign-in.", "サインインが必要です。社内のサインイン経由でダッシュボードを開いてください。"),
        ["signInFailed"] = ("Sign-in did not succeed: the issuer's answer was refused. Open the dashboard again to retry; if it persists, tell the operator.", "サインインに失敗しました（発行者の応答を受け付けられませんでした）。もう一度ダッシュボードを開いてください。続く場合は管理者に連絡してください。"),
        ["tokenRequired"] = ("Sign-in is required: send an API token as 'Authorization: Bearer TOKEN' (created with `token create`).", "サインインが必要です。API トークン（`token create` で作成）を 'Authorization: Bearer TOKEN' で送ってください。"),
        ["localOnly"] = ("Sign-in is off (OpsReport:Auth:Mode None), so only this machine may use the dashboard.", "サインインが無効（OpsReport:Auth:Mode None）のため、このマシンからのみ利用できます。"),
        ["domainRefused"] = ("The account {0} is not in a domain allowed to use this dashboard (OpsReport:Auth:AllowedDomains).", "アカウント {0} はこのダッシュボードを使えるドメイン（OpsReport:Auth:AllowedDomains）に含まれていません。"),
        ["operatorOnly"] = ("Only operators may send reports or change anything (OpsReport:Auth:Operators); you can read everything.", "レポートの送信や変更ができるのはオペレーター（OpsReport:Auth:Operators）だけです。閲覧はすべて可能です。"),
        ["busy"] = ("The dashboard is busy with other requests; try again in a few seconds.", "ダッシュボードが混み合っています。数秒後にもう一度お試しください。"),
        ["storeFailed"] = ("The data store cannot be read right now; the operator has been told in the server log (see /readyz).", "データストアを読み込めません。サーバーログに記録しました（/readyz を参照）。"),
        ["badRequest"] = ("The request could not be read; check the address and try again.", "リクエストを読み取れませんでした。アドレスを確認してもう一度お試しください。"),
        ["forgedForm"] = ("This form has expired or did not come from the reports page; reload the reports page and send again.", "このフォームは期限切れか、レポート画面から送信されたものではありません。レポート画面を再読み込みしてから送信してください。"),
    };

    public static string Get(string language, string key) => language == "ja" ? Texts[key].Ja : Texts[key].En;

    public static string Format(string language, string key, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Get(language, key), args);

    public static IEnumerable<string> Keys => Texts.Keys;

    /// <summary>The page language of a request: <c>?lang=</c> when it is known, else the configured language.</summary>
    public static string LanguageOf(HttpContext context)
    {
        var lang = context.Request.Query["lang"].FirstOrDefault();
        if (lang is "en" or "ja")
            return lang;
        return context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<OpsReport.Core.Configuration.OpsReportOptions>>()?.Value.Language == "ja" ? "ja" : "en";
    }
}
