-- Analytics select history by time indexed; without this index every request scanned the whole table.
CREATE INDEX history_indexed_at ON history (indexed_at);
