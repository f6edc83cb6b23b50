namespace OpsReport.Core.Storage;

/// <summary>Forward-only schema migrations; index i migrates version i to i + 1.</summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE series (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            metric TEXT NOT NULL,
            resolution INTEGER NOT NULL,
            dims TEXT NOT NULL
        );
        CREATE TABLE points (
            series_id INTEGER NOT NULL REFERENCES series(id),
            ts INTEGER NOT NULL,          -- UTC epoch seconds, start of the point's period
            value REAL NOT NULL,
            PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;
        CREATE TABLE watermarks (
            source TEXT NOT NULL,
            env TEXT NOT NULL,
            stream TEXT NOT NULL,
            collected_until INTEGER NOT NULL,   -- UTC epoch seconds, exclusive end of committed data
            PRIMARY KEY (source, env, stream)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            env TEXT NOT NULL,
            stream TEXT NOT NULL,
            window_start INTEGER NOT NULL,
            window_end INTEGER NOT NULL,
            started_at INTEGER NOT NULL,        -- UTC epoch milliseconds
            finished_at INTEGER,
            status TEXT NOT NULL,
            points INTEGER NOT NULL,
            api_calls INTEGER NOT NULL,
            metrics_requested INTEGER NOT NULL,
            bytes_scanned INTEGER NOT NULL,
            estimated_usd TEXT NOT NULL,        -- decimal, invariant culture
            error TEXT
        );
        CREATE INDEX runs_env ON runs(env, id);
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,                -- env:kind:subject
            env TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            start_ts INTEGER NOT NULL,
            end_ts INTEGER,
            severity TEXT NOT NULL,
            state TEXT NOT NULL,
            summary TEXT NOT NULL,
            evidence TEXT NOT NULL,
            numbers TEXT NOT NULL,
            url TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE deliveries (
            key TEXT PRIMARY KEY,               -- report|env|period|tenant|recipients
            report TEXT NOT NULL,
            env TEXT NOT NULL,
            period TEXT NOT NULL,
            tenant TEXT,
            recipients TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER,
            last_error TEXT,
            location TEXT,
            updated_at INTEGER NOT NULL
        );
        """,
        // Findings keep the words behind their numbers so they can be rendered in either language.
        """
        ALTER TABLE findings ADD COLUMN labels TEXT NOT NULL DEFAULT '{}';
        """,
        // The outbox keeps what a retry needs to send the same message again (cc, language) and what the reports page shows.
        """
        ALTER TABLE deliveries ADD COLUMN cc TEXT NOT NULL DEFAULT '';
        ALTER TABLE deliveries ADD COLUMN language TEXT;
        ALTER TABLE deliveries ADD COLUMN subject TEXT;
        ALTER TABLE deliveries ADD COLUMN channel TEXT;
        CREATE INDEX deliveries_status ON deliveries(status, next_attempt_at);
        """,
        // Leases: one holder per collection stream and per analysed environment across processes sharing the file; runs
        // name their holder so those of a stopped process can be told from those still in progress.
        """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at INTEGER NOT NULL,       -- UTC epoch milliseconds
            expires_at INTEGER NOT NULL
        );
        ALTER TABLE runs ADD COLUMN holder TEXT;
        CREATE INDEX runs_running ON runs(status) WHERE status = 'Running';
        """,
    ];
}
