-- The hub's database: what the indexer read from the committee's applied logs and the primary's
-- deposits, and the operator's admission data. Every row the indexer writes is in the same
-- transaction as the cursor that says it was read, so a crash never loses or repeats one.

-- One row per certified slot (owner, sequence number): a certificate is unique per slot, so
-- reading it again from another authority's log changes nothing.
CREATE TABLE certificates (
  owner            TEXT        NOT NULL,
  sequence_number  BIGINT      NOT NULL,
  kind             TEXT        NOT NULL,
  from_account     TEXT,
  to_account       TEXT,
  primary_address  TEXT,
  asset            TEXT,
  amount           BIGINT      NOT NULL,
  certificate      BYTEA       NOT NULL,
  indexed_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (owner, sequence_number)
);
CREATE INDEX certificates_indexed_at ON certificates (indexed_at);

CREATE TABLE deposits (
  deposit_index BIGINT      PRIMARY KEY,
  depositor     TEXT        NOT NULL,
  recipient     TEXT        NOT NULL,
  asset         TEXT        NOT NULL,
  amount        BIGINT      NOT NULL,
  indexed_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX deposits_indexed_at ON deposits (indexed_at);

-- Each account's history: one row per account a certificate or deposit touches ("in" or "out").
CREATE TABLE history (
  id              BIGSERIAL   PRIMARY KEY,
  account         TEXT        NOT NULL,
  direction       TEXT        NOT NULL CHECK (direction IN ('in', 'out')),
  kind            TEXT        NOT NULL,
  counterparty    TEXT,
  asset           TEXT,
  amount          BIGINT      NOT NULL,
  owner           TEXT,
  sequence_number BIGINT,
  deposit_index   BIGINT,
  indexed_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX history_account ON history (account, id);

-- How far the indexer read each authority shard's applied log, and the primary's deposits.
CREATE TABLE log_cursors (
  authority TEXT   NOT NULL,
  shard     INT    NOT NULL,
  position  BIGINT NOT NULL,
  PRIMARY KEY (authority, shard)
);
CREATE TABLE deposit_cursor (
  id       INT    PRIMARY KEY CHECK (id = 1),
  position BIGINT NOT NULL
);

-- The operator's terms of service, by version; signatures of an earlier version count until grace_until.
CREATE TABLE terms (
  version      INT         PRIMARY KEY,
  text         TEXT        NOT NULL,
  sha256       TEXT        NOT NULL,
  published_at TIMESTAMPTZ NOT NULL,
  grace_until  TIMESTAMPTZ NOT NULL
);
CREATE TABLE admissions (
  account       TEXT        PRIMARY KEY,
  terms_version INT         NOT NULL,
  signature     TEXT        NOT NULL,
  admitted_at   TIMESTAMPTZ NOT NULL
);
CREATE TABLE blacklist (
  account  TEXT        PRIMARY KEY,
  reason   TEXT        NOT NULL,
  added_at TIMESTAMPTZ NOT NULL
);
