namespace OpsReport.Core.Storage;

/// <summary>
/// Forward-only PostgreSQL migrations; index i migrates version i to i + 1. Same tables and units as the SQLite schema
/// (epoch seconds for data times, epoch milliseconds for run and lease times), so both stores share their SQL.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE series (
            id BIGSERIAL PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            metric TEXT NOT NULL,
            resolution INTEGER NOT NULL,
            dims TEXT NOT NULL
        );
        CREATE TABLE points (
            series_id BIGINT NOT NULL REFERENCES series(id),
            ts BIGINT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (series_id, ts)
        );
        CREATE TABLE watermarks (
            source TEXT NOT NULL,
            env TEXT NOT NULL,
            stream TEXT NOT NULL,
            collected_until BIGINT NOT NULL,
            PRIMARY KEY (source, env, stream)
        );
        CREATE TABLE runs (
            id BIGSERIAL PRIMARY KEY,
            source TEXT NOT NULL,
            env TEXT NOT NULL,
            stream TEXT NOT NULL,
            window_start BIGINT NOT NULL,
            window_end BIGINT NOT NULL,
            started_at BIGINT NOT NULL,
            finished_at BIGINT,
            status TEXT NOT NULL,
            points BIGINT NOT NULL,
            api_calls INTEGER NOT NULL,
            metrics_requested BIGINT NOT NULL,
            bytes_scanned BIGINT NOT NULL,
            estimated_usd TEXT NOT NULL,
            error TEXT
        );
        CREATE INDEX runs_env ON runs(env, id);
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            env TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            start_ts BIGINT NOT NULL,
            end_ts BIGINT,
            severity TEXT NOT NULL,
            state TEXT NOT NULL,
            summary TEXT NOT NULL,
            evidence TEXT NOT NULL,
            numbers TEXT NOT NULL,
            url TEXT,
            updated_at BIGINT NOT NULL,
            labels TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE deliveries (
            key TEXT PRIMARY KEY,
            report TEXT NOT NULL,
            env TEXT NOT NULL,
            period TEXT NOT NULL,
            tenant TEXT,
            recipients TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at BIGINT,
            last_error TEXT,
            location TEXT,
            updated_at BIGINT NOT NULL,
            cc TEXT NOT NULL DEFAULT '',
            language TEXT,
            subject TEXT,
            channel TEXT
        );
        CREATE INDEX deliveries_status ON deliveries(status, next_attempt_at);
        """,
        // Leases for several instances on one database; runs name their holder (see the SQLite schema's version 4).
        """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        ALTER TABLE runs ADD COLUMN holder TEXT;
        CREATE INDEX runs_running ON runs(status) WHERE status = 'Running';
        """,
        // Deploys and API tokens, which lived only in the SQLite file, so every instance on this database sees the same ones
        // (same columns as SqliteDeployStore's and SqliteApiTokenStore's tables; the token's hash only, never the token).
        """
        CREATE TABLE deploys (
            env TEXT NOT NULL,
            service TEXT NOT NULL,
            version TEXT NOT NULL,
            ts BIGINT NOT NULL,
            source TEXT NOT NULL,
            recorded_at BIGINT NOT NULL,
            PRIMARY KEY (env, service, version, ts)
        );
        CREATE INDEX deploys_env_ts ON deploys(env, ts);
        CREATE TABLE api_tokens (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            created BIGINT NOT NULL
        );
        """,
        // The data-protection key ring (antiforgery tokens, sign-in cookies), shared so a form or session issued by one
        // instance is accepted by every instance on this database and survives restarts. One row per key, as XML.
        """
        CREATE TABLE data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL,
            created BIGINT NOT NULL
        );
        """,
    ];
}
