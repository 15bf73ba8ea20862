-- Inserts into `spans` write Compact parts (all columns in one data file) instead of Wide ones (a data
-- and a marks file per column stream: ~180 files for spans). A one-second insert holds 20-50k
-- spans, well over the default 10 MB threshold, so each insert and each early merge created and
-- later deleted ~180 files. Measured on this project's machine (chDB, ext4): 40% of the insert
-- thread's time was the kernel creating files, and the engine's CPU per inserted row fell from
-- 19-23 to 12-15 µs with Compact parts (bench/ingest.ts). Merges still produce Wide parts once a
-- part passes 256 MiB uncompressed, where reading one column without the others matters.
ALTER TABLE spans MODIFY SETTING min_bytes_for_wide_part = 268435456;
