-- Redeems the primary has paid out. paid_at marks a redeem certificate whose payout the indexer saw;
-- it is set in the same transaction as the certificate's redeem_paid history row, and the unique
-- index refuses a second such row, so a payout is reported once whatever crashes.
ALTER TABLE certificates ADD COLUMN paid_at TIMESTAMPTZ;
CREATE INDEX certificates_unpaid_redeems ON certificates (owner, sequence_number)
  WHERE kind = 'redeem' AND paid_at IS NULL;
CREATE UNIQUE INDEX history_redeem_paid ON history (owner, sequence_number) WHERE kind = 'redeem_paid';
